"""Safe Markdown: user strings are escaped before Streamlit renders them."""
from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: object) -> str:
    """Escape Markdown (and the HTML characters) so the text shows as typed."""
    return _SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")


def md_link(label: str, url: str) -> str:
    """A Markdown link with an escaped label; only http(s) and local paths are linked."""
    safe_url = url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
    if not (safe_url.startswith(("http://", "https://")) or safe_url.startswith("/")):
        return md_escape(label)
    return f"[{md_escape(label)}]({safe_url})"
