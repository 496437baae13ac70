"""Safe Markdown: user strings are escaped before Streamlit renders them."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Characters percent-encoded in a link's address (they could end the Markdown link).
_URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", '"': "%22", "<": "%3C", ">": "%3E", "`": "%60", "\\": "%5C"})


def md_escape(text: object) -> str:
    """Escape Markdown (and the HTML characters) so the text shows as typed."""
    return _SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def md_link(label: str, url: str) -> str:
    """A Markdown link with an escaped label; only http(s) and local paths are linked.

    Anything else (``javascript:``, ``data:``, ``vbscript:``…, a protocol-relative
    ``//host`` address, an address holding tabs, line breaks or control characters)
    shows the label as plain text. Characters that could end the link are
    percent-encoded (a backslash too, so ``/\\host`` stays a local path).
    """
    url = "" if url is None else str(url)
    if any((c.isspace() and c != " ") or ord(c) < 32 or ord(c) == 127 for c in url):
        return md_escape(label)
    safe_url = url.translate(_URL_ESCAPES)
    local = safe_url.startswith("/") and not safe_url.startswith(("//", "/\\"))
    if not (safe_url.startswith(("http://", "https://")) or local):
        return md_escape(label)
    return f"[{md_escape(label)}]({safe_url})"
