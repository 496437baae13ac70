"""Widgets of the indicator import page: upload, form, preview, report, confirmation.

The file is read in memory (``UploadedFile.getvalue()``) and never stored; the
checked plan waits in the session until the person confirms it.
"""
from __future__ import annotations

import hashlib

import streamlit as st

from components import cache, stores
from components.markdown import md_escape
from data import textes
from data.indicators.import_plan import (
    IMPORT_AGGREGATIONS,
    IMPORT_LEVELS,
    ImportOptions,
    ImportPlan,
)

PLAN_KEY = "import_indicateurs_plan"
DONE_KEY = "import_indicateurs_fait"
PREVIEW_ROWS = 200
AUTO = ""


def upload() -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes, or None."""
    uploaded = st.file_uploader(textes.IMPORT_FICHIER, type=["csv", "txt", "xlsx"], key="import_indicateurs_fichier")
    if uploaded is None:
        st.session_state.pop(PLAN_KEY, None)
        return None
    return uploaded.name, uploaded.getvalue()


def options_form() -> ImportOptions | None:
    """The form describing the file; returns the options when « Prévisualiser » is pressed."""
    families = {f.slug: f.libelle for f in cache.families()}
    with st.form("import_indicateurs_formulaire"):
        nom = st.text_input(textes.IMPORT_CHAMP_NOM, key="import_nom")
        left, right = st.columns(2)
        unite = left.text_input(textes.IMPORT_CHAMP_UNITE, key="import_unite")
        millesime = right.text_input(textes.IMPORT_CHAMP_MILLESIME, key="import_millesime")
        source = st.text_input(textes.IMPORT_CHAMP_SOURCE, key="import_source")
        niveau = left.selectbox(
            textes.IMPORT_CHAMP_NIVEAU, (AUTO, *IMPORT_LEVELS), key="import_niveau", placeholder=textes.CHOISIR_OPTION,
            format_func=lambda v: textes.IMPORT_NIVEAUX.get(v, textes.IMPORT_NIVEAU_AUTO),
        )
        agregation = right.selectbox(
            textes.IMPORT_CHAMP_AGREGATION, IMPORT_AGGREGATIONS, key="import_agregation", placeholder=textes.CHOISIR_OPTION,
            format_func=textes.IMPORT_AGREGATIONS.get,
        )
        famille = left.selectbox(textes.IMPORT_CHAMP_FAMILLE, list(families), format_func=families.get, key="import_famille",
                                placeholder=textes.CHOISIR_OPTION)
        code = right.text_input(textes.IMPORT_CHAMP_CODE, key="import_code")
        if not st.form_submit_button(textes.IMPORT_PREVISUALISER):
            return None
    return ImportOptions(
        nom=nom.strip() or None, unite=unite.strip() or None, source=source.strip() or None,
        millesime=millesime.strip() or None, niveau=niveau or None, code_indicateur=code.strip() or None,
        agregation=agregation, famille=famille,
    )


def prepare(name: str, content: bytes, options: ImportOptions) -> None:
    """Check the file and keep the plan for the confirmation (nothing is written)."""
    digest = hashlib.sha256(content).hexdigest()
    plan = stores.prepare_indicator_import(name, content, options)
    st.session_state[PLAN_KEY] = (digest, plan)
    st.session_state.pop(DONE_KEY, None)


def current_plan(content: bytes) -> ImportPlan | None:
    """The plan prepared for exactly this file, if any."""
    kept = st.session_state.get(PLAN_KEY)
    if kept and kept[0] == hashlib.sha256(content).hexdigest():
        return kept[1]
    return None


def show_plan(plan: ImportPlan) -> None:
    """The report, then the preview table."""
    st.subheader(textes.IMPORT_RAPPORT)
    if plan.errors:
        st.error(" ".join([textes.IMPORT_BLOQUE, *(md_escape(e) for e in plan.errors)]))  # errors quote the file
    elif plan.problems:
        st.warning(f"{plan.bilan()} {textes.IMPORT_LIGNES_IGNOREES}")
    else:
        st.info(plan.bilan())  # numbers only
    st.code("\n".join(plan.lines()), language=None)
    if not plan.preview.empty:
        st.subheader(textes.IMPORT_APERCU)
        if len(plan.preview) > PREVIEW_ROWS:
            st.caption(textes.IMPORT_APERCU_LIMITE.format(n=PREVIEW_ROWS, total=len(plan.preview)))
        st.dataframe(plan.preview.head(PREVIEW_ROWS), hide_index=True, width="stretch", key="import_apercu")


def confirm(plan: ImportPlan) -> None:
    """The confirmation button; writes the plan once, then shows the counts."""
    if st.button(textes.IMPORT_CONFIRMER, type="primary", disabled=not plan.ok, key="import_confirmer"):
        results = stores.write_indicator_import(plan)
        st.session_state[DONE_KEY] = " ".join(
            textes.IMPORT_SUCCES_INDICATEUR.format(
                code=r.code, millesime=r.millesime, ecrites=r.written, inchangees=r.unchanged
            )
            for r in results
        )
        st.session_state.pop(PLAN_KEY, None)


def show_done() -> None:
    """The success message of the last confirmed import of this session."""
    if DONE_KEY in st.session_state:
        st.success(textes.IMPORT_SUCCES.format(details=st.session_state[DONE_KEY]))
