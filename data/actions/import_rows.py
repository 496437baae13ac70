"""Mapping one row of an imported file to the contribution form it stands for.

The place of a row comes from (by priority) niveau+code, an INSEE code, a point, a
commune name (with its postal code) or a postal code alone; methods and publics are
taken from their slug or their French label; a row without an id gets a stable one.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from typing import Any

from data import textes
from data.actions.validation import Context
from data.validation import clean_text
from geo.territories import normalize as normalize_name

TRUE_WORDS = {"oui", "o", "vrai", "true", "1", "x", "yes"}


def text_of(value: Any) -> str:
    """A cell as clean text (``12.0`` → ``"12"``, a date in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    return clean_text(value)


def _items(value: Any, separators: str = r"[|;,\n]") -> list[str]:
    return [v.strip() for v in re.split(separators, text_of(value)) if v.strip()]


_UNESCAPED_BAR = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def split_escaped(value: Any) -> list[str]:
    """Items of a `` | ``-separated cell (or one per line); ``\\|`` is a literal bar."""
    text = _UNESCAPED_BAR.sub(lambda m: m.group(1) + "\n", text_of(value).replace("\r", ""))
    items = [v.replace("\\|", "|").replace("\\\\", "\\").strip() for v in text.split("\n")]
    return [v for v in items if v]


class Vocabulary:
    """Method and public slugs from their slug or their French label."""

    def __init__(self, ctx: Context) -> None:
        """Both look-ups, from the guide of ``ctx``."""
        self.methodes = {normalize_name(m.libelle): m.slug for m in ctx.guide.methodes}
        self.methodes.update({m.slug: m.slug for m in ctx.guide.methodes})
        self.publics = {normalize_name(p.libelle): p.slug for p in ctx.guide.publics}
        self.publics.update({p.slug: p.slug for p in ctx.guide.publics})

    def methode(self, value: str) -> str:
        """Slug of a method given by its slug or label (else the value as given)."""
        return self.methodes.get(value) or self.methodes.get(normalize_name(value)) or value

    def public(self, value: str) -> str:
        """Slug of a public given by its slug or label (else the value as given)."""
        return self.publics.get(value) or self.publics.get(normalize_name(value)) or value


def _place_indexes(ctx: Context) -> tuple[dict[str, list[Any]], dict[str, set[str]]]:
    """Communes by normalised name and by postal code (built once per context)."""
    if "noms" not in ctx.indexes:
        by_name: dict[str, list[Any]] = {}
        by_postal: dict[str, set[str]] = {}
        table = getattr(ctx.territories, "communes", None)
        if table is not None:
            com = table[table["type"] == "COM"]
            shorts = com["nom_sans_article"] if "nom_sans_article" in com else com["nom"]
            for code, nom, short, postcodes in zip(com["code"], com["nom"], shorts, com["codes_postaux"]):
                for key in {normalize_name(nom), normalize_name(short)}:  # "La Rochelle" and "Rochelle"
                    by_name.setdefault(key, []).append(code)
                for postcode in postcodes:
                    by_postal.setdefault(str(postcode), set()).add(code)
        ctx.indexes["noms"], ctx.indexes["postaux"] = by_name, by_postal
    return ctx.indexes["noms"], ctx.indexes["postaux"]


def _commune_by_name(ctx: Context, name: str, postal: str) -> tuple[dict[str, Any] | None, str | None]:
    by_name, by_postal = _place_indexes(ctx)
    wanted = normalize_name(name)
    if by_name:
        codes = list(by_name.get(wanted, []))
        if postal:
            codes = [c for c in codes if c in by_postal.get(postal, set())]
        candidates = [ctx.territories.get("commune", c) for c in codes]
    else:  # a look-up without tables (tests): use the search
        candidates = [t for t in ctx.territories.search(name, "commune", limit=50) if normalize_name(t.nom) == wanted]
        if postal:
            in_postal = {t.code for t in ctx.territories.search(postal, "commune", limit=200)}
            candidates = [t for t in candidates if t.code in in_postal]
    if not candidates:
        return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=f"{name} {postal}".strip()[:80])
    if len(candidates) > 1:
        return None, textes.IMPORT_ACT_COMMUNE_AMBIGUE.format(
            valeur=name[:80], codes=", ".join(t.label for t in candidates[:5])
        )
    return {"niveau": "commune", "code": candidates[0].code, "mode": "import"}, None


def _former_code_error(ctx: Context, code: str) -> str | None:
    """A French hint when ``code`` is the former code of a merged commune (else None)."""
    if ctx.territories.get("commune", code) is not None:
        return None
    from geo.history import former_communes

    current = former_communes().get(code)
    if current is None:
        return None
    territory = ctx.territories.get("commune", current)
    return textes.HOSTILE_ANCIEN_CODE.format(code=code, nouveau=current, nom=territory.nom if territory else current)


def resolve_place(ctx: Context, row: dict[str, Any], located: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """The place of a row from (by priority) niveau+code, INSEE code, point, commune name, postal code."""
    if row.get("__geometrie__"):
        return None, row["__geometrie__"]
    level, code = text_of(row.get("niveau_lieu")), text_of(row.get("code_lieu")).upper()
    if code:
        level = level or "commune"
        if level == "departement" and code.isdigit() and len(code) == 1:
            code = code.zfill(2)
        if level == "commune" and (former := _former_code_error(ctx, code)):
            return None, former
        return {"niveau": level, "code": code, "mode": "import"}, None
    insee = text_of(row.get("code_commune")).upper()
    if insee:
        if len(insee) == 4 and insee.isdigit():
            insee = insee.zfill(5)  # a spreadsheet dropped the leading zero
        if former := _former_code_error(ctx, insee):
            return None, former
        return {"niveau": "commune", "code": insee, "mode": "import"}, None
    lat, lon = row.get("latitude"), row.get("longitude")
    if text_of(lat) or text_of(lon):
        try:
            y = float(text_of(lat).replace(",", "."))
            x = float(text_of(lon).replace(",", "."))
        except ValueError:
            return None, textes.CONTRIB_COORD_INVALIDES
        if not (math.isfinite(y) and math.isfinite(x) and -90 <= y <= 90 and -180 <= x <= 180):
            return None, textes.CONTRIB_COORD_INVALIDES  # NaN, infinities, out of range
        if located is None:
            return None, textes.CONTRIB_HORS_FRANCE.format(lat=round(y, 5), lon=round(x, 5))
        return {"niveau": "commune", "code": located, "mode": "import", "lat": y, "lon": x}, None
    name, postal = text_of(row.get("commune")), text_of(row.get("code_postal"))
    if len(postal) == 4 and postal.isdigit():
        postal = postal.zfill(5)
    if name:
        return _commune_by_name(ctx, name, postal)
    if postal:
        _names, by_postal = _place_indexes(ctx)
        if by_postal:
            found = [ctx.territories.get("commune", c) for c in sorted(by_postal.get(postal, set()))]
        else:
            found = ctx.territories.search(postal, "commune", limit=20)
        if len(found) == 1:
            return {"niveau": "commune", "code": found[0].code, "mode": "import"}, None
        if not found:
            return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=postal)
        return None, textes.IMPORT_ACT_COMMUNE_AMBIGUE.format(valeur=postal, codes=", ".join(t.label for t in found[:5]))
    return None, textes.CONTRIB_LIEU_MANQUANT


def row_saisie(row: dict[str, Any], vocabulary: Vocabulary, lieu: dict[str, Any] | None) -> dict[str, Any]:
    """The contribution form a row stands for."""
    sources = split_escaped(row.get("sources"))
    return {
        "titre": text_of(row.get("titre")),
        "resume": text_of(row.get("resume")),
        "date_debut": text_of(row.get("date_debut")) or text_of(row.get("annee_debut")),
        "date_fin": text_of(row.get("date_fin")) or text_of(row.get("annee_fin")),
        "en_cours": text_of(row.get("en_cours")).lower() in TRUE_WORDS,
        "methodes": [vocabulary.methode(v) for v in _items(row.get("methodes"))],
        "publics": [vocabulary.public(v) for v in _items(row.get("publics"))],
        "porteurs": "\n".join(split_escaped(row.get("porteurs"))),
        "fiches": _items(row.get("fiches")),
        "sources": "\n".join(sources),
        "contact_structure": text_of(row.get("contact_structure")),
        "contact_email": text_of(row.get("contact_email")),
        "contact_telephone": text_of(row.get("contact_telephone")),
        "lieu": lieu,
    }


def stable_id(saisie: dict[str, Any]) -> str:
    """External id of a row without one: hash of its normalised title, place and start."""
    lieu = saisie.get("lieu") or {}
    key = "|".join(
        [normalize_name(saisie.get("titre", "")), str(lieu.get("niveau", "")), str(lieu.get("code", "")), str(saisie.get("date_debut", ""))]
    )
    return "imp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def field_label(name: str) -> str:
    """French label of a form field."""
    return textes.CHAMP_LIBELLES.get(name, name)


def flatten_errors(errors: dict[str, list[str]]) -> list[str]:
    """Errors of a form as « Champ : message » lines."""
    return [f"{field_label(name)} : {message}" for name, messages in errors.items() for message in messages]

