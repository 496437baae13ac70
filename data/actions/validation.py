"""The rules an action must follow, shared by the seed loader, the contribution form and the imports.

:func:`validate` turns a saisie (the form's fields, or an imported row mapped to
them) into a validated :class:`~data.actions.models.Action`, or French errors per
field. The seed loader (:mod:`data.actions.seed`) reads another format but applies
the same rules (:func:`text_errors`, :func:`guide_errors`, :func:`fiche_number`,
:func:`place_error`, and the year and address checks of :mod:`data.validation`).
An action may have no fiche: the link to a fiche is given only when it is sound.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from data import textes
from data.accounts.roles import SUBMITTED
from data.actions import pii
from data.actions.fields import FREE_TEXT_FIELDS, parse_date, parse_sources, split_lines
from data.actions.models import FICHE_COUNT, PLACE_LEVELS, Action, FicheLink, Source
from data.actions.places import Locator, TerritoryLookup, place_fields
from data.guide.catalogue import Guide
from data.validation import check_text, check_url, check_year, clean_text, parse_int

TITLE_MAX = 200
SUMMARY_MAX = 3000
PORTEURS_MAX = 20
SOURCES_MAX = 20
CONTACT_MAX = 200
REASON_MAX = 2000
PII_SCAN_MAX = 25_000
EMAIL_FORMAT = re.compile(r"^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}$")
PHONE_FORMAT = re.compile(r"^(?:(?:\+|00)\s?\d{2,3}\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-]?\d{2}){4}$")


@dataclass
class Context:
    """Reference data used to validate a saisie (shared, read-only)."""

    guide: Guide
    territories: TerritoryLookup
    points: Callable[[str, str], tuple[float, float]]
    locator: Locator | None = None
    indexes: dict[str, Any] = field(default_factory=dict, repr=False)  # look-up tables built on first use


@dataclass
class Validation:
    """Result of :func:`validate`: the validated contribution, or French errors per field."""

    contribution: Action | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing blocks saving."""
        return self.contribution is not None and not self.errors


# --- rules shared with the seed loader ---------------------------------------------------


def text_errors(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, message) for a missing or too long title or summary."""
    for name, limit in (("titre", TITLE_MAX), ("resume", SUMMARY_MAX)):
        message = check_text(data.get(name), limit)
        if message:
            yield name, message


def guide_errors(guide: Guide, methodes: list[Any], publics: list[Any]) -> Iterator[tuple[str, str]]:
    """(field, message) for each method or public the guide does not know."""
    for value in methodes:
        if guide.methode(str(value)) is None:
            yield "methodes", textes.ERR_METHODE_INCONNUE.format(valeur=value)
    for value in publics:
        if guide.public(str(value)) is None:
            yield "publics", textes.ERR_PUBLIC_INCONNU.format(valeur=value)


def fiche_number(value: Any) -> tuple[int | None, str | None]:
    """(fiche number, None) or (None, French error) for a number typed or read from a file."""
    try:
        numero = parse_int(value)
    except ValueError:
        return None, textes.ERR_ENTIER.format(valeur=value)
    if numero is None or not 1 <= numero <= FICHE_COUNT:
        return None, textes.ERR_FICHE_HORS_BORNES.format(numero=value if numero is None else numero)
    return numero, None


def place_error(territories: TerritoryLookup, level: str, code: str) -> str | None:
    """French error for a level that is not a territory level or a code unknown at that level."""
    if level not in PLACE_LEVELS:
        return textes.ERR_NIVEAU_INCONNU.format(niveau=level, attendus=", ".join(PLACE_LEVELS))
    if not code or territories.get(level, code) is None:
        return textes.ERR_CODE_INCONNU.format(niveau=level, code=code)
    return None


# --- personal data -------------------------------------------------------------------------


def pii_errors(fields: dict[str, str]) -> dict[str, list[str]]:
    """French explanation, per field, of the personal data found (with a masked hint)."""
    out: dict[str, list[str]] = {}
    for name, findings in pii.scan_fields(fields).items():
        for finding in findings:
            out.setdefault(name, []).append(
                textes.PII_TROUVE.format(
                    quoi=textes.PII_LIBELLES[finding.kind], indice=pii.mask(fields[name], finding)
                )
                + " "
                + textes.PII_CONSEIL[finding.kind]
            )
    return out


def live_pii_errors(saisie: dict[str, Any]) -> dict[str, list[str]]:
    """Personal data found in what is being typed (shown at once, before any submission)."""
    return pii_errors({name: str(saisie.get(name) or "") for name in FREE_TEXT_FIELDS})


# --- the saisie ----------------------------------------------------------------------------

Fail = Callable[[str, str], None]


def _dates(saisie: dict[str, Any], fail: Fail) -> dict[str, tuple[dt.date | None, int | None]]:
    dates: dict[str, tuple[dt.date | None, int | None]] = {}
    for name in ("date_debut", "date_fin"):
        try:
            dates[name] = parse_date(saisie.get(name))
        except ValueError:
            fail(name, textes.CONTRIB_DATE_INVALIDE.format(valeur=clean_text(saisie.get(name))[:40]))
            dates[name] = (None, None)
            continue
        message = check_year(dates[name][1])
        if message:
            fail(name, message)
    (debut, annee_debut), (fin, annee_fin) = dates["date_debut"], dates["date_fin"]
    if saisie.get("en_cours") and (fin or annee_fin):
        fail("date_fin", textes.CONTRIB_EN_COURS_ET_FIN)
    if annee_debut and annee_fin and (fin and debut and fin < debut or annee_fin < annee_debut):
        fail("date_fin", textes.CONTRIB_DATES_ORDRE)
    return dates


def _fiches(saisie: dict[str, Any], fail: Fail) -> list[int]:
    fiches: list[int] = []
    for value in saisie.get("fiches") or []:
        numero, message = fiche_number(value)
        if message:
            fail("fiches", message)
        else:
            fiches.append(numero)
    return fiches


def _lines(saisie: dict[str, Any], fail: Fail) -> tuple[list[str], list[tuple[str, str]]]:
    porteurs = split_lines(saisie.get("porteurs"))
    if len(porteurs) > PORTEURS_MAX:
        fail("porteurs", textes.CONTRIB_TROP_DE_LIGNES.format(max=PORTEURS_MAX))
    for porteur in porteurs:
        message = check_text(porteur, TITLE_MAX)
        if message:
            fail("porteurs", message)
    sources = parse_sources(saisie.get("sources"))
    if len(sources) > SOURCES_MAX:
        fail("sources", textes.CONTRIB_TROP_DE_LIGNES.format(max=SOURCES_MAX))
    for url, _title in sources:
        message = check_url(url)
        if message:
            fail("sources", message)
    return porteurs, sources


def _contact(saisie: dict[str, Any], fail: Fail) -> tuple[str, str, str]:
    structure = clean_text(saisie.get("contact_structure"))
    message = check_text(structure, CONTACT_MAX, required=False)
    if message:
        fail("contact_structure", message)
    email = clean_text(saisie.get("contact_email"))
    if email and not EMAIL_FORMAT.match(email):
        fail("contact_email", textes.CONTRIB_EMAIL_INVALIDE)
    phone = clean_text(saisie.get("contact_telephone"))
    if phone and (not PHONE_FORMAT.match(phone) or len(phone) > 40):
        fail("contact_telephone", textes.CONTRIB_TELEPHONE_INVALIDE)
    for name, value in (("contact_email", email), ("contact_telephone", phone)):
        for kind in sorted(pii.blocking_kinds(name, value)):
            fail(name, textes.PII_TROUVE.format(quoi=textes.PII_LIBELLES[kind], indice="…") + " " + textes.PII_CONSEIL[kind])
    return structure, email, phone


def _personal_data(free_text: dict[str, str], sources: list[tuple[str, str]], errors: dict[str, list[str]], fail: Fail) -> None:
    # A text longer than any field allows is refused anyway: scan its start only (a 10 MB
    # text would take seconds to scan).
    for name, messages in pii_errors({k: v[:PII_SCAN_MAX] for k, v in free_text.items()}).items():
        errors.setdefault(name, []).extend(messages)
    for name, value in free_text.items():
        if pii.MASK_CHAR in value and name not in errors:
            fail(name, textes.PII_MASQUE)
    # Addresses can hide an e-mail or a phone too (mailto:, tel:, query strings).
    for url, _title in sources:
        if url.lower().startswith(("mailto:", "tel:")) or pii.kinds_in(url) & {"email", "telephone", "nir"}:
            fail("sources", textes.PII_SOURCE)
            break


def _place(saisie: dict[str, Any], ctx: Context, fail: Fail) -> tuple[str, str]:
    lieu = saisie.get("lieu") or None
    if not isinstance(lieu, dict) or not lieu.get("code"):
        fail("lieu", textes.CONTRIB_LIEU_MANQUANT)
        return "", ""
    level, code = str(lieu.get("niveau") or "commune"), str(lieu.get("code"))
    message = place_error(ctx.territories, level, code)
    if message:
        fail("lieu", message)
    return level, code


def validate(
    saisie: dict[str, Any], ctx: Context, external_id: str, origine: str = "formulaire", statut: str = SUBMITTED
) -> Validation:
    """Check a saisie; return the contribution or French errors keyed by form field."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, message in text_errors(saisie):
        fail(name, message)
    dates = _dates(saisie, fail)
    methodes = [str(m) for m in saisie.get("methodes") or []]
    publics = [str(p) for p in saisie.get("publics") or []]
    for name, message in guide_errors(ctx.guide, methodes, publics):
        fail(name, message)
    fiches = _fiches(saisie, fail)
    porteurs, sources = _lines(saisie, fail)
    structure, email, phone = _contact(saisie, fail)
    free_text = {
        "titre": clean_text(saisie.get("titre")),
        "resume": clean_text(saisie.get("resume")),
        "porteurs": "\n".join(porteurs),
        "sources": "\n".join(title for _u, title in sources),
        "contact_structure": structure,
    }
    _personal_data(free_text, sources, errors, fail)
    level, code = _place(saisie, ctx, fail)
    if errors:
        return Validation(None, errors)
    (debut, annee_debut), (fin, annee_fin) = dates["date_debut"], dates["date_fin"]
    titre, resume = free_text["titre"], free_text["resume"]
    action = Action(
        external_id=external_id,
        titre=titre,
        resume=resume,
        niveau_lieu=level,
        code_lieu=code,
        annee_debut=annee_debut,
        annee_fin=annee_fin,
        methodes=tuple(dict.fromkeys(methodes)),
        publics=tuple(dict.fromkeys(publics)),
        porteurs=tuple(dict.fromkeys(porteurs)),
        fiches=tuple(FicheLink(n, "equipe") for n in dict.fromkeys(fiches)),
        sources=tuple(Source(u, t) for u, t in dict.fromkeys(sources)),
        provenance="declaree",
        origine=origine,
        statut=statut,
        date_debut=debut,
        date_fin=fin,
        contact_structure=structure or None,
        contact_email=email or None,
        contact_telephone=phone or None,
        **place_fields(ctx.territories, ctx.points, level, code, [titre, resume, *porteurs]),
    )
    return Validation(action)
