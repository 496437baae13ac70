"""The "À propos et données" page: what the atlas is, its sources, checks and versions."""
from __future__ import annotations

import streamlit as st

from components import cache, stores
from components.html_view import Link, show_links, show_sentence
from components.links import page_link
from components.markdown import md_escape, md_link
from components.territory_links import profile_link
from data import textes
from data.actions.coverage import coverage_lines
from data.actions.models import ActionFilter
from data.actions.seed import file_digest
from data.config import APP_VERSION
from geo.source import package_version


def show_about() -> None:
    """Render every section of the page."""
    guide = stores.guide()
    frame = cache.actions(ActionFilter())
    st.header(textes.A_PROPOS_QUOI)
    st.markdown(textes.A_PROPOS_QUOI_TEXTE)
    st.header(textes.A_PROPOS_GUIDE)
    st.markdown(textes.GUIDE_INTRO)
    st.markdown(md_link(textes.GUIDE_LIEN, guide.url))
    st.header(textes.A_PROPOS_SOURCES)
    st.markdown(f"- {md_escape(textes.A_PROPOS_TERRITOIRES.format(version=package_version()))}")
    st.markdown(f"- {md_escape(textes.A_PROPOS_INDICATEURS)}")
    for indicator in cache.indicators():
        vintage = cache.vintages().get(indicator.code, "")
        st.markdown(f"    - {md_escape(indicator.libelle)} : {md_escape(indicator.source)} ({md_escape(vintage)})")
    page_link(textes.PAGE_INDICATEURS, "/indicateurs")
    counts = frame["provenance"].value_counts() if not frame.empty else {}
    st.markdown(
        "- "
        + md_escape(
            textes.A_PROPOS_ACTIONS.format(documentees=counts.get("documentee", 0), declarees=counts.get("declaree", 0))
        )
    )
    coverage_section()
    st.header(textes.A_PROPOS_VERIFICATION)
    st.markdown(textes.A_PROPOS_VERIFICATION_TEXTE)
    st.header(textes.A_PROPOS_SIGNALER)
    st.markdown(md_escape(textes.A_PROPOS_SIGNALER_TEXTE.format(contact=stores.settings().contact)))
    st.header(textes.A_PROPOS_VERSIONS)
    st.markdown(f"- {md_escape(textes.A_PROPOS_VERSION_APP.format(version=APP_VERSION))}")
    confirmed = sum(f.statut == "confirmee" for f in stores.fiches())
    data_line = textes.A_PROPOS_VERSION_DONNEES.format(
        version=package_version(), empreinte=file_digest(stores.settings().seed_file)[:12], fiches=confirmed
    )
    st.markdown(f"- {md_escape(data_line)}")


def coverage_section() -> None:
    """How many départements, régions and methods the published actions cover, and an invitation to the others."""
    coverage = cache.coverage()
    st.header(textes.A_PROPOS_COUVERTURE)
    st.markdown(md_escape(textes.A_PROPOS_COUVERTURE_TEXTE))
    st.markdown("\n".join(f"- {md_escape(line)}" for line in coverage_lines(coverage)))
    if coverage.departements_sans_action:
        show_links(
            (Link(f"{code} {name}", profile_link("departement", code)) for code, name in coverage.departements_sans_action),
            before=textes.A_PROPOS_PROFILS_SANS_ACTION,
        )
        invitation = textes.A_PROPOS_COUVERTURE_INVITATION.format(lien="{lien}", contact=stores.settings().contact)
        show_sentence(invitation, Link(textes.PAGE_CONTRIBUER, "/contribuer"))
