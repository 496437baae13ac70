"""Links to territory profiles: the one place that builds them (pages, tables, lists)."""
from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from components.markdown import md_link

#: In a table's link column, the text shown is the name carried after ``#`` in the address.
DISPLAY_NAME = r"#(.+)$"


def profile_link(level: str, code: str) -> str:
    """Address of a territory profile: ``/territoire?code=commune:76351``."""
    return f"/territoire?code={level}:{code}"


def profile_md_link(level: str, code: str, label: str) -> str:
    """A Markdown link to the profile, its label escaped."""
    return md_link(label, profile_link(level, code))


def profile_cell(level: str, code: str, label: str) -> str:
    """A table cell linking to the profile and showing ``label`` (see :func:`link_column`)."""
    return f"{profile_link(level, code)}#{label}"


def link_column(title: str) -> st.column_config.LinkColumn:
    """Column of :func:`profile_cell` values: the territory's name, a link to its profile."""
    return st.column_config.LinkColumn(title, display_text=DISPLAY_NAME)


def site_address() -> str:
    """The atlas's address as the browser sees it (``https://atlas.example.fr``), for absolute links in files."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
