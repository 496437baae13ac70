"""The map-only view for partners' sites (``/?integration=1``) and the « Intégrer cette carte » box.

The view has no sidebar: its selection comes from the address alone (the same
parameters as the home map), an action opens in a new tab only when clicked.
The app server lets only the origins of ``ATLAS_EMBED_ORIGINS`` frame it.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

import streamlit as st

from components import cache, stores
from components.action_map import MAP_KEY, follow_map_link, home_view
from components.filters import MapChoice
from components.map import show_map
from components.markdown import md_escape
from components.url_state import url_params
from data import textes
from data.actions.url_filter import FILTER_KEYS, action_filter
from data.config import load_server_settings

EMBED_PARAM = "integration"


def embedded() -> bool:
    """True when this page is the map-only view."""
    return st.query_params.get(EMBED_PARAM) == "1"


def embed_map() -> None:
    """The map-only view: the count, the map of the address's selection, a link to the atlas."""
    params = url_params()
    selection = action_filter(params, stores.guide(), stores.territories(), cache.year_bounds())
    level = params.get("niveau", ["departement"])[0]
    choice = MapChoice(level if level in ("region", "departement", "epci", "commune") else "departement", None, "quantiles")
    view = home_view(selection, choice, params, embedded=True)
    st.markdown(f"**{md_escape(textes.RESULTATS_COMPTE.format(n=view.total))}**")
    show_map(view.map_args, key=MAP_KEY, on_click=follow_map_link)
    query = urlencode({k: v for k, v in params.items() if k in FILTER_KEYS}, doseq=True)
    st.link_button(textes.INTEGRER_OUVRIR, "/" + (f"?{query}" if query else ""), icon=":material/open_in_new:")


def _base_url() -> str:
    try:
        parts = urlsplit(st.context.url or "")
    except (AttributeError, RuntimeError):
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def iframe_code(base: str, params: dict[str, list[str]]) -> str:
    """The ``<iframe>`` a partner pastes into its page for the selection ``params``."""
    query = urlencode({EMBED_PARAM: "1", **{k: v for k, v in params.items() if k in FILTER_KEYS}}, doseq=True)
    src = html.escape(f"{base}/?{query}", quote=True)
    title = html.escape(textes.APP_TITLE, quote=True)
    return f'<iframe src="{src}" title="{title}" width="100%" height="640" style="border:0" loading="lazy"></iframe>'


def embed_box() -> None:
    """« Intégrer cette carte »: the iframe code of the current selection, and who may use it."""
    # Filled only once opened (a rerun): the code block needs Streamlit's syntax-highlighting
    # script, about half a second of the browser's time on a first visit of the home page.
    box = st.expander(textes.INTEGRER_TITRE, icon=":material/code:", key="integrer", on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(textes.INTEGRER_AIDE)
        st.code(iframe_code(_base_url(), url_params()), language="html")
        origins = load_server_settings().embed_origins
        if origins:
            st.caption(textes.INTEGRER_AUTORISES.format(origines=md_escape(", ".join(origins))))
        else:
            st.caption(textes.INTEGRER_AUCUN)
