"""The one list of an action's fields, and what the form types (a *saisie*).

:data:`FIELDS` says, for each field, how the contribution form holds it, whether
it is compared in conflicts and kept by the audit log (:func:`snapshot`), and its
column in the exports (``data/shipped/schema.json``). A saisie is a JSON-safe dict
kept exactly as typed; :mod:`data.actions.validation` turns it into an Action.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data.actions import pii
from data.actions.models import Action, Source, StoredAction
from data.validation import clean_text

CONTENT = "contenu"  # compared in conflicts and kept by the audit log
REVIEW = "revue"  # status fields: audited, compared only for a moderation decision


@dataclass(frozen=True)
class Field:
    """One field of an action (or of the form) and where it appears."""

    name: str  # attribute of Action and key of the saisie; label in textes.CHAMP_LIBELLES
    kind: str  # "valeur", "date", "slugs", "lignes", "fiches", "sources"; "case"/"lieu": form only
    form: str | None = None  # the form's widget: "texte", "liste", "case", "lieu"
    compared: str | None = None  # CONTENT, REVIEW or None
    export: str | None = None  # export column; None: never exported


# In the order of the conflict table and the audit log.
FIELDS = (
    Field("external_id", "valeur", export="identifiant"),
    Field("titre", "valeur", "texte", CONTENT, "titre"),
    Field("resume", "valeur", "texte", CONTENT, "resume"),
    Field("niveau_lieu", "valeur", None, CONTENT, "niveau_lieu"),
    Field("code_lieu", "valeur", None, CONTENT, "code_lieu"),
    Field("date_debut", "date", "texte", CONTENT, "date_debut"),
    Field("date_fin", "date", "texte", CONTENT, "date_fin"),
    Field("en_cours", "case", "case"),
    Field("annee_debut", "valeur", None, CONTENT, "annee_debut"),
    Field("annee_fin", "valeur", None, CONTENT, "annee_fin"),
    Field("commune", "valeur", export="code_commune"),
    Field("epci", "valeur", export="code_epci"),
    Field("departement", "valeur", export="code_departement"),
    Field("region", "valeur", export="code_region"),
    Field("lat", "valeur", export="latitude"),
    Field("lon", "valeur", export="longitude"),
    Field("methodes", "slugs", "liste", CONTENT, "methodes"),
    Field("publics", "slugs", "liste", CONTENT, "publics"),
    Field("porteurs", "lignes", "texte", CONTENT, "porteurs"),
    Field("fiches", "fiches", "liste", CONTENT, "fiches"),
    Field("sources", "sources", "texte", CONTENT, "sources"),
    Field("contact_structure", "valeur", "texte", CONTENT, "contact_structure"),
    Field("contact_email", "valeur", "texte", CONTENT),  # the structure's, kept in the atlas
    Field("contact_telephone", "valeur", "texte", CONTENT),
    Field("lieu", "lieu", "lieu"),
    Field("provenance", "valeur", export="provenance"),
    Field("statut", "valeur", None, REVIEW, "statut"),
    Field("motif_refus", "valeur", None, REVIEW),
)
FORM_FIELDS = tuple(f.name for f in FIELDS if f.form)
SNAPSHOT_FIELDS = tuple(f.name for f in FIELDS if f.compared)
# Free-text fields scanned for personal data (the contact e-mail and phone are the
# only places where an address or a number belongs, and only the structure's).
FREE_TEXT_FIELDS = ("titre", "resume", "porteurs", "sources", "contact_structure")
LIST_SEPARATOR = " | "


def form_fields(widget: str) -> tuple[str, ...]:
    """Names of the form's fields drawn with ``widget`` ("texte", "liste"…)."""
    return tuple(f.name for f in FIELDS if f.form == widget)


def _snapshot_value(kind: str, value: Any) -> Any:
    if kind == "slugs":
        return sorted(value)
    if kind == "lignes":
        return list(value)
    if kind == "fiches":
        return sorted(f.numero for f in value)
    if kind == "sources":
        return [s.url for s in value]
    return value


def snapshot(action: Action, review: bool = True) -> dict[str, Any]:
    """The fields compared in conflicts and kept by the audit log.

    With ``review``, also its status and, for a stored action, its refusal reason.
    """
    return {
        f.name: _snapshot_value(f.kind, getattr(action, f.name))
        for f in FIELDS
        if f.compared == CONTENT or (review and f.compared == REVIEW and hasattr(action, f.name))
    }


def join(values: list[Any]) -> str:
    """Items joined by `` | ``; a ``|`` inside an item is written ``\\|`` (and ``\\`` as ``\\\\``)."""
    return LIST_SEPARATOR.join(str(v).replace("\\", "\\\\").replace("|", "\\|") for v in values)


def _export_value(kind: str, value: Any) -> Any:
    if kind == "date":
        return value.isoformat() if value else None
    if kind == "sources":
        return join([f"{s.url} {s.titre}".strip() for s in value])
    if kind in ("slugs", "lignes", "fiches"):
        return join(_snapshot_value(kind, value))
    return value


def export_row(action: StoredAction) -> dict[str, Any]:
    """The export columns held by the action itself (place name and update date aside)."""
    return {f.export: _export_value(f.kind, getattr(action, f.name)) for f in FIELDS if f.export}


# --- the saisie -------------------------------------------------------------------


def empty_saisie() -> dict[str, Any]:
    """A blank form."""
    blank = {"texte": "", "liste": [], "case": False, "lieu": None}
    return {f.name: blank[f.form] for f in FIELDS if f.form}


def clean_saisie(saisie: dict[str, Any]) -> dict[str, Any]:
    """Keep only the form's fields, as JSON-safe values (strings capped in length)."""
    out: dict[str, Any] = {}
    for name in FORM_FIELDS:
        value = saisie.get(name)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if isinstance(value, str):
            value = value[:20_000]
        elif isinstance(value, (list, tuple)):
            value = [v if isinstance(v, (int, str)) else str(v) for v in value][:100]
        elif name == "lieu" and isinstance(value, dict):
            value = {k: value[k] for k in ("niveau", "code", "mode", "lat", "lon") if k in value}
        elif name == "en_cours":
            value = bool(value)
        out[name] = value
    return out


def redact_saisie(saisie: dict[str, Any]) -> dict[str, Any]:
    """A saisie with the personal data of its free-text fields masked (``06 •• •• •• 78``).

    Drafts are stored this way: even a draft never keeps a phone number, an e-mail,
    a NIR or a date of birth typed in a free-text field (the form in the browser still
    shows what was typed, with the explanation, until it is corrected).
    """
    out = dict(saisie)
    for name in FREE_TEXT_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = pii.redact(out[name])
    for name in ("contact_email", "contact_telephone"):
        if isinstance(out.get(name), str) and "nir" in pii.kinds_in(out[name]):
            out[name] = pii.redact(out[name])
    return out


def saisie_from_action(action: StoredAction) -> dict[str, Any]:
    """A form filled with a stored action (to edit it)."""
    a = action
    return {
        "titre": a.titre,
        "resume": a.resume,
        "date_debut": a.date_debut.isoformat() if a.date_debut else (str(a.annee_debut) if a.annee_debut else ""),
        "date_fin": a.date_fin.isoformat() if a.date_fin else (str(a.annee_fin) if a.annee_fin else ""),
        "en_cours": a.annee_fin is None and a.date_fin is None and a.annee_debut is not None,
        "methodes": list(a.methodes),
        "publics": list(a.publics),
        "porteurs": "\n".join(a.porteurs),
        "fiches": sorted(f.numero for f in a.fiches),
        "sources": format_sources(a.sources),
        "contact_structure": a.contact_structure or "",
        "contact_email": a.contact_email or "",
        "contact_telephone": a.contact_telephone or "",
        "lieu": {"niveau": a.niveau_lieu, "code": a.code_lieu, "mode": "existant"},
    }


# --- parsing what was typed ------------------------------------------------------------


def parse_date(value: Any) -> tuple[dt.date | None, int | None]:
    """(full date or None, year or None) from a date, ``AAAA-MM-JJ``, ``JJ/MM/AAAA`` or ``AAAA``.

    Raise ValueError for anything else.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), value.year
    if isinstance(value, dt.date):
        return value, value.year
    text = clean_text(value)
    if not text:
        return None, None
    if re.fullmatch(r"\d{4}", text):
        return None, int(text)
    if re.fullmatch(r"\d{4}\.0", text):  # a year read as a number by a spreadsheet
        return None, int(text[:4])
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            parsed = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return parsed, parsed.year
    raise ValueError(text)


def split_lines(value: Any) -> list[str]:
    """Non-empty lines of a text area (or items of a list)."""
    if isinstance(value, (list, tuple)):
        items = [clean_text(v) for v in value]
    else:
        items = [clean_text(v) for v in str(value or "").splitlines()]
    return [i for i in items if i]


def parse_sources(value: Any) -> list[tuple[str, str]]:
    """(url, title) of each line: the address first, then an optional title."""
    out = []
    for line in split_lines(value):
        url, _, title = line.partition(" ")
        out.append((url.strip(), title.strip(" -—|:")))
    return out


def format_sources(sources: tuple[Source, ...] | list[Source]) -> str:
    """Text-area form of sources (inverse of :func:`parse_sources`)."""
    return "\n".join(f"{s.url} {s.titre}".strip() for s in sources)
