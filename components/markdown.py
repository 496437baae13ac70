"""Safe Markdown: user strings are escaped before Streamlit renders them."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# Characters percent-encoded in a link's address (they could end the Markdown link).
_URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", '"': "%22", "<": "%3C", ">": "%3E", "`": "%60", "\\": "%5C"})


def md_escape(text: object) -> str:
    """Escape Markdown (and the HTML characters) so the text shows as typed."""
    return _SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def safe_url(url: str | None) -> str | None:
    """The address to link to, or None when it must not be linked.

    Only http(s) addresses and local paths are linked. Anything else (``javascript:``,
    ``data:``, ``vbscript:``…, a protocol-relative ``//host`` address, an address
    holding tabs, line breaks or control characters) is refused. Characters that
    could end a link are percent-encoded (a backslash too, so ``/\\host`` stays a
    local path).
    """
    url = "" if url is None else str(url)
    if any((c.isspace() and c != " ") or ord(c) < 32 or ord(c) == 127 for c in url):
        return None
    safe = url.translate(_URL_ESCAPES)
    local = safe.startswith("/") and not safe.startswith(("//", "/\\"))
    return safe if safe.startswith(("http://", "https://")) or local else None


def md_link(label: str, url: str) -> str:
    """A Markdown link with an escaped label (see :func:`safe_url`); Streamlit opens it in a new tab.

    For the atlas's own pages use ``components.html_view`` or ``st.page_link``
    (same tab); Markdown links are for outside sources.
    """
    safe = safe_url(url)
    return md_escape(label) if safe is None else f"[{md_escape(label)}]({safe})"
