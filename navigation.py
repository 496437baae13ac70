"""The Streamlit script: page configuration, sign-in and navigation over the pages in ``app_pages/``."""
from __future__ import annotations

from components import warm_up

warm_up.wait()  # the server start's warm-up ends before this run imports anything else

import streamlit as st  # noqa: E402

from components import guard  # noqa: E402
from components.auth import account_box, current_user  # noqa: E402
from components.page_setup import page_setup, settle_heap  # noqa: E402
from data import textes  # noqa: E402
from data.accounts.roles import can  # noqa: E402

st.set_page_config(page_title=textes.APP_TITLE, page_icon="🗺️", layout="wide")
page_setup()  # <html lang="fr"> and the phone-width rules

# Sign-in gate: the navigation shows what the role allows; every page checks again.
# current_user() and every page run below turn a database fault (locked, read-only,
# full, missing) into a French message; what was being typed stays in the session.
user = current_user()


def shown(permission: str) -> str:
    """Navigation visibility of a page needing ``permission``."""
    return "visible" if can(user, permission) else "hidden"


PAGES = [
    st.Page("app_pages/carte.py", title=textes.PAGE_CARTE, url_path="", default=True, icon=":material/map:"),
    st.Page("app_pages/guide.py", title=textes.PAGE_GUIDE, url_path="guide", icon=":material/menu_book:"),
    st.Page("app_pages/comparer.py", title=textes.PAGE_COMPARER, url_path="comparer", icon=":material/compare_arrows:"),
    st.Page("app_pages/indicateurs.py", title=textes.PAGE_INDICATEURS, url_path="indicateurs", icon=":material/query_stats:"),
    st.Page("app_pages/import_indicateurs.py", title=textes.PAGE_IMPORT_INDICATEURS, url_path="import-indicateurs", visibility=shown("moderate"), icon=":material/upload_file:"),
    st.Page("app_pages/a_propos.py", title=textes.PAGE_A_PROPOS, url_path="a-propos", icon=":material/info:"),
    st.Page("app_pages/territoire.py", title=textes.PAGE_TERRITOIRE, url_path="territoire", visibility="hidden"),
    st.Page("app_pages/action.py", title=textes.PAGE_ACTION, url_path="action", visibility="hidden"),
    st.Page("app_pages/fiche.py", title=textes.PAGE_FICHE, url_path="fiche", visibility="hidden"),
    st.Page("app_pages/contribuer.py", title=textes.PAGE_CONTRIBUER, url_path="contribuer", visibility=shown("contribute"), icon=":material/add_location_alt:"),
    st.Page("app_pages/brouillons.py", title=textes.PAGE_BROUILLONS, url_path="brouillons", visibility=shown("contribute"), icon=":material/edit_note:"),
    st.Page("app_pages/import_actions.py", title=textes.PAGE_IMPORT_ACTIONS, url_path="import", visibility=shown("import"), icon=":material/upload:"),
    st.Page("app_pages/moderation.py", title=textes.PAGE_MODERATION, url_path="moderation", visibility=shown("moderate"), icon=":material/fact_check:"),
    st.Page("app_pages/comptes.py", title=textes.PAGE_COMPTES, url_path="comptes", visibility=shown("manage_accounts"), icon=":material/manage_accounts:"),
    st.Page("app_pages/connexion.py", title=textes.PAGE_CONNEXION, url_path="connexion", icon=":material/login:"),
]

# The map-only view for partners' sites has no menu (and no sidebar: nothing is put in it).
page = st.navigation(PAGES, position="hidden" if st.query_params.get("integration") == "1" else "sidebar")
st.set_page_config(page_title=f"{page.title} — {textes.APP_TITLE}")  # a distinct title per page
account_box(user)  # after st.navigation: the pages exist for links
with guard.database_guard():
    page.run()
settle_heap(page.url_path)  # once per page and process: see its docstring
