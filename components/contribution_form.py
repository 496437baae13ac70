"""The contribution form of ``/contribuer``: fields, autosave, submission, conflicts.

Every widget keeps its value in ``st.session_state`` (keys ``contrib.*``). On each
run the form's values are compared with what was last saved; as soon as there is a
title, any change is written to the draft in the database and the draft's id goes
in the URL (``/contribuer?brouillon=<id>``): a reload, a closed tab or an expired
session resumes it. Validation messages appear under their field after a first
submission attempt and never clear what was typed. When the database cannot be
written (locked, read-only, full, missing), a French message says so, what was typed
stays in the session and the save is tried again on the next run (« Réessayer
d'enregistrer »).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from components import guard, stores
from components.markdown import md_escape
from components.place_picker import STATE as PLACE_STATE
from components.place_picker import place_picker
from components.url_state import is_plain_int
from data import textes
from data.accounts.roles import User
from data.actions.drafts import Draft
from data.actions.fields import clean_saisie, empty_saisie, form_fields
from data.actions.validation import live_pii_errors, validate
from data.actions.workflow import Conflict
from data.formatting import fmt_datetime, fmt_time
from data.guide.catalogue import fiche_choices

P = "contrib."
TEXT_FIELDS = form_fields("texte")
LIST_FIELDS = form_fields("liste")


def _options() -> dict[str, dict[Any, str]]:
    guide = stores.guide()
    return {
        "methodes": {m.slug: m.libelle for m in guide.methodes},
        "publics": {p.slug: p.libelle for p in guide.publics},
        "fiches": fiche_choices(stores.fiches()),
    }


def _reset_state() -> None:
    for key in [k for k in st.session_state if str(k).startswith(P)]:
        del st.session_state[key]


def _load(saisie: dict[str, Any], draft: Draft | None) -> None:
    """Put a saved form into the widgets' state (before they are drawn)."""
    _reset_state()
    options = _options()
    for name in TEXT_FIELDS:
        st.session_state[P + name] = str(saisie.get(name) or "")
    for name in LIST_FIELDS:
        values = saisie.get(name) or []
        if name == "fiches":
            values = [int(str(v).strip()) for v in values if is_plain_int(str(v).strip(), 2)]
        st.session_state[P + name] = [v for v in values if v in options[name]]
    st.session_state[P + "en_cours"] = bool(saisie.get("en_cours"))
    st.session_state[PLACE_STATE] = saisie.get("lieu")
    st.session_state[P + "saved"] = clean_saisie(saisie)
    if draft is not None:
        st.session_state[P + "draft_id"] = draft.id
        st.session_state[P + "action_id"] = draft.action_id
        st.session_state[P + "version_action"] = draft.version_action
        st.session_state[P + "loaded"] = draft.id
        st.session_state[P + "saved_at"] = draft.updated_at


def start(user: User) -> None:
    """Resume the draft named in the URL (``?brouillon=``) or open an action for editing (``?action=``)."""
    store = stores.contributions()
    raw_action = st.query_params.get("action", "")
    raw_draft = st.query_params.get("brouillon", "")
    if raw_action:
        if not is_plain_int(raw_action):
            st.error(textes.ACTION_ID_INVALIDE)
            st.stop()
        draft = store.open_edit(user, int(raw_action))
        if draft is None:
            st.error(textes.ROLE_INSUFFISANT)
            st.stop()
        _load(draft.saisie, draft)
        st.query_params.from_dict({"brouillon": str(draft.id)})
        return
    if raw_draft and raw_draft != str(st.session_state.get(P + "loaded", "")):
        draft = store.draft(user, int(raw_draft)) if is_plain_int(raw_draft) else None
        if draft is None:
            st.error(textes.BROUILLON_INTROUVABLE)
            st.page_link("app_pages/brouillons.py", label=textes.CONTRIB_RETOUR_BROUILLONS)
            st.stop()
        _load(draft.saisie, draft)
    elif not raw_draft and st.session_state.get(P + "loaded") is not None:
        _reset_state()  # the URL was emptied: a new form


def current_saisie() -> dict[str, Any]:
    """What the form holds now."""
    saisie = empty_saisie()
    for name in TEXT_FIELDS:
        saisie[name] = st.session_state.get(P + name, "") or ""
    for name in LIST_FIELDS:
        saisie[name] = list(st.session_state.get(P + name, []) or [])
    saisie["en_cours"] = bool(st.session_state.get(P + "en_cours", False))
    saisie["lieu"] = st.session_state.get(PLACE_STATE)
    return clean_saisie(saisie)


def _errors(name: str) -> None:
    for message in (st.session_state.get(P + "errors") or {}).get(name, []):
        st.error(md_escape(message))


def _refresh_errors() -> None:
    """Messages follow what is typed now: every check after a submission attempt,
    the personal-data check from the first keystroke."""
    saisie = current_saisie()
    if st.session_state.get(P + "attempted"):
        st.session_state[P + "errors"] = validate(saisie, stores.contribution_context(), "apercu").errors
    else:
        st.session_state[P + "errors"] = live_pii_errors(saisie)


def fields() -> None:
    """Draw every field of the form, each followed by its errors."""
    _refresh_errors()
    options = _options()
    action_id = st.session_state.get(P + "action_id")
    if action_id:
        st.info(
            md_escape(
                textes.CONTRIB_EDITION.format(
                    titre=st.session_state.get(P + "titre", ""), version=st.session_state.get(P + "version_action") or "?"
                )
            )
        )
    st.warning(textes.CONTRIB_PII_RAPPEL)
    label = textes.CHAMP_LIBELLES
    st.subheader(textes.CONTRIB_RUBRIQUE_DESCRIPTION)
    st.text_input(label["titre"], key=P + "titre", max_chars=200)
    _errors("titre")
    st.text_area(label["resume"], key=P + "resume", max_chars=3000, height=180)
    _errors("resume")

    st.subheader(textes.CONTRIB_RUBRIQUE_DATES)
    left, right = st.columns(2)
    with left:
        st.text_input(label["date_debut"], key=P + "date_debut", placeholder=textes.CONTRIB_FORMAT_DATE, max_chars=20)
        _errors("date_debut")
    with right:
        en_cours = st.checkbox(textes.CONTRIB_EN_COURS, key=P + "en_cours")
        st.text_input(label["date_fin"], key=P + "date_fin", placeholder=textes.CONTRIB_FORMAT_DATE, max_chars=20, disabled=en_cours and not st.session_state.get(P + "date_fin"))
        _errors("date_fin")

    st.subheader(textes.CONTRIB_RUBRIQUE_GUIDE)
    for name in LIST_FIELDS:
        st.multiselect(
            label[name], list(options[name]), format_func=options[name].get, key=P + name, placeholder=textes.CHOISIR_OPTIONS,
            help=textes.CONTRIB_AIDE_FICHES if name == "fiches" else None,
        )
        _errors(name)

    st.subheader(textes.CONTRIB_RUBRIQUE_PORTEURS)
    st.text_area(label["porteurs"], key=P + "porteurs", help=textes.CONTRIB_AIDE_PORTEURS, max_chars=5000)
    _errors("porteurs")
    st.text_area(label["sources"], key=P + "sources", help=textes.CONTRIB_AIDE_SOURCES, max_chars=10000)
    _errors("sources")

    st.subheader(textes.CONTRIB_RUBRIQUE_CONTACT)
    st.caption(textes.CONTRIB_AIDE_CONTACT)
    st.text_input(label["contact_structure"], key=P + "contact_structure", max_chars=200)
    _errors("contact_structure")
    left, right = st.columns(2)
    with left:
        st.text_input(label["contact_email"], key=P + "contact_email", max_chars=200)
        _errors("contact_email")
    with right:
        st.text_input(label["contact_telephone"], key=P + "contact_telephone", max_chars=40)
        _errors("contact_telephone")

    st.subheader(textes.CONTRIB_RUBRIQUE_LIEU)
    place_picker()
    _errors("lieu")


def _save_failed(exc: Exception, message: str) -> bool:
    """Remember a database fault (locked, read-only, full, missing); False for any other error."""
    fault = guard.database_fault(exc)
    if fault is None:
        return False
    st.session_state[P + "fault"] = message.format(raison=fault.raison)
    return True


def autosave(user: User) -> None:
    """Save the draft when the form changed and has a title; keep its id in the URL.

    When the database cannot be written, the form keeps what was typed (it lives in
    the session), a French message says so and the save is tried again on the next
    change or with « Réessayer d'enregistrer ».
    """
    saisie = current_saisie()
    if not saisie["titre"].strip():
        st.caption(textes.CONTRIB_BROUILLON_SANS_TITRE)
        return
    if saisie != st.session_state.get(P + "saved"):
        try:
            draft = stores.contributions().save_draft(user, saisie, st.session_state.get(P + "draft_id"))
        except guard.DATABASE_ERRORS as exc:
            if not _save_failed(exc, textes.CONTRIB_PANNE_BROUILLON):
                raise
            st.error(st.session_state[P + "fault"])
            st.caption(textes.CONTRIB_NON_ENREGISTRE)
            st.button(textes.CONTRIB_REESSAYER, key=P + "reessayer")  # a click reruns: the save is tried again
            return
        st.session_state.pop(P + "fault", None)
        if draft is not None:
            st.session_state[P + "draft_id"] = draft.id
            st.session_state[P + "loaded"] = draft.id
            st.session_state[P + "saved"] = saisie
            st.session_state[P + "saved_at"] = draft.updated_at
            st.session_state[P + "action_id"] = draft.action_id
            if st.query_params.get("brouillon") != str(draft.id):
                st.query_params.from_dict({"brouillon": str(draft.id)})
    saved_at = st.session_state.get(P + "saved_at")
    if saved_at:
        st.caption(textes.CONTRIB_BROUILLON_ENREGISTRE.format(heure=fmt_time(saved_at)))


def _flash(kind: str, message: str) -> None:
    st.session_state["contrib_flash"] = (kind, message)


def show_flash() -> None:
    """The message left by the previous run (submitted, errors…)."""
    flash = st.session_state.pop("contrib_flash", None)
    if flash:
        getattr(st, flash[0])(flash[1])


def _new_form() -> None:
    _reset_state()
    st.query_params.clear()


def submit_bar(user: User) -> None:
    """Submit (or save the changes of an existing action), and start a new form."""
    editing = bool(st.session_state.get(P + "action_id"))
    left, right = st.columns([1, 1])
    submit = left.button(
        textes.CONTRIB_ENREGISTRER_MODIFS if editing else textes.CONTRIB_SOUMETTRE, type="primary", key=P + "soumettre"
    )
    right.button(textes.CONTRIB_NOUVEAU, key=P + "nouveau", on_click=_new_form)
    if not submit:
        return
    ctx = stores.contribution_context()
    draft_id = st.session_state.get(P + "draft_id")
    st.session_state[P + "attempted"] = True
    if draft_id is None:
        _flash("error", st.session_state.get(P + "fault") or textes.CONTRIB_A_CORRIGER)
        st.rerun()
    try:
        outcome = stores.contributions().submit(user, int(draft_id), ctx, current_saisie())
    except guard.DATABASE_ERRORS as exc:
        if not _save_failed(exc, textes.CONTRIB_PANNE_SOUMISSION):
            raise
        _flash("error", st.session_state[P + "fault"])
        st.rerun()
    if outcome.ok:
        _reset_state()
        st.query_params.clear()
        _flash("success", textes.CONTRIB_MODIFIEE if editing else textes.CONTRIB_SOUMISE)
    elif outcome.conflict is not None:
        st.session_state[P + "conflict"] = outcome.conflict
    else:
        _flash("error", outcome.message or textes.CONTRIB_A_CORRIGER)
    st.rerun()


def field_text(value: Any) -> str:
    """A field's value in a comparison table ("—" when empty)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def conflict_table(conflict: Conflict) -> pd.DataFrame:
    """Both versions side by side, one row per field that differs."""
    return pd.DataFrame(
        [(textes.CHAMP_LIBELLES.get(name, name), field_text(saved), field_text(mine)) for name, saved, mine in conflict.differences()],
        columns=[textes.CONFLIT_COL_CHAMP, textes.CONFLIT_COL_ENREGISTREE, textes.CONFLIT_COL_MIENNE],
    )


def show_conflict_details(conflict: Conflict) -> None:
    """The refusal message, who saved the other version and the comparison table."""
    st.error(textes.CONFLIT_MESSAGE)
    when = fmt_datetime(conflict.saved_at) or "?"
    st.caption(md_escape(textes.CONFLIT_PAR.format(version=conflict.saved_version, auteur=conflict.saved_by or "?", date=when)))
    st.dataframe(conflict_table(conflict), hide_index=True, width="stretch")


def show_conflict(user: User) -> None:
    """After a refused save: both versions and the two ways out (nothing is lost)."""
    conflict = st.session_state.get(P + "conflict")
    if conflict is None:
        return
    show_conflict_details(conflict)
    left, right = st.columns(2)
    if left.button(textes.CONFLIT_GARDER_MIENNE, key=P + "rebase"):
        rebased = stores.contributions().rebase_draft(user, int(st.session_state[P + "draft_id"]))
        if rebased is not None:
            st.session_state[P + "version_action"] = rebased.version_action
        st.session_state.pop(P + "conflict", None)
        _flash("info", textes.CONFLIT_REPRIS)
        st.rerun()
    if right.button(textes.CONFLIT_ABANDONNER, key=P + "abandon"):
        stores.contributions().delete_draft(user, int(st.session_state[P + "draft_id"]))
        _new_form()
        st.rerun()
