"""Links to territory profiles: the one place that builds them (pages, tables, lists)."""
from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st


def profile_link(level: str, code: str) -> str:
    """Address of a territory profile: ``/territoire?code=commune:76351``."""
    return f"/territoire?code={level}:{code}"


def site_address() -> str:
    """The atlas's address as the browser sees it (``https://atlas.example.fr``), for absolute links in files."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
