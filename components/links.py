"""Links to the atlas's own pages, opened in the same tab (``st.page_link``).

Streamlit opens every Markdown link in a new tab; a page link stays in the tab (and
in the signed-in session). Outside sources keep Markdown links (a new tab).
"""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from components.markdown import md_escape

#: Address path → page script (the url_path of each st.Page in navigation.py).
PAGE_FILES = {
    "/action": "app_pages/action.py",
    "/fiche": "app_pages/fiche.py",
    "/territoire": "app_pages/territoire.py",
    "/indicateurs": "app_pages/indicateurs.py",
    "/comparer": "app_pages/comparer.py",
    "/contribuer": "app_pages/contribuer.py",
    "/moderation": "app_pages/moderation.py",
    "/a-propos": "app_pages/a_propos.py",
    "/guide": "app_pages/guide.py",
    "/": "app_pages/carte.py",
}


def page_link(label: str, url: str, suffix: str = "") -> None:
    """A same-tab link to one of the atlas's pages (``url`` like ``/action?id=3``)."""
    parts = urlsplit(url)
    page = PAGE_FILES.get(parts.path or "/")
    text = md_escape(label) + (f" {md_escape(suffix)}" if suffix else "")
    if page is None:
        st.markdown(text)
        return
    st.page_link(page, label=text, query_params=dict(parse_qsl(parts.query)) or None)


def page_links(items: Iterable[tuple[str, str]], empty: str = "—") -> None:
    """One same-tab link per ``(label, url)``, or ``empty`` when there is none."""
    shown = False
    for label, url in items:
        page_link(label, url)
        shown = True
    if not shown:
        st.markdown(empty)
