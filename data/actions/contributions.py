"""Actions declared by field teams: validation, drafts, submission, review, conflicts.

The contribution form and the bulk import share one validator (:func:`validate`)
that turns what a person typed (a *saisie*: a JSON-safe dict kept exactly as
typed) into a validated :class:`Contribution`, or French errors per field.

* A **draft** (table ``brouillons``) keeps the saisie as typed, invalid values
  included, as soon as it has a title: nothing typed is ever lost. A draft is a
  new action, or a working copy of an existing action (``action_id`` and the
  ``version_action`` it started from).
* **Submitting** a draft validates it; a new action is inserted as ``soumise``; a
  working copy updates its action only if the action's version has not moved
  (optimistic locking). Otherwise nothing is written and a :class:`Conflict`
  gives both versions.
* **Review** moves an action between statuses (``roles.TRANSITIONS``), with the
  same version check. Every change writes an audit entry in the same transaction.

Every write goes through :func:`data.store.db.write_transaction` (``BEGIN IMMEDIATE`` on
SQLite, bounded retries while locked); a database fault raises
:class:`data.store.db.DatabaseUnavailable` with a French message and nothing written.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pandas as pd
import sqlalchemy as sa

from data import textes
from data.accounts.roles import (
    ARCHIVED,
    CONTRIBUTOR_EDITABLE,
    MODERATOR,
    PUBLISHED,
    REFUSED,
    SUBMITTED,
    TRANSITIONS,
    User,
    can,
    has_role,
)
from data.actions import pii
from data.actions.models import (
    FICHE_COUNT,
    PLACE_LEVELS,
    ActionRecord,
    FicheLink,
    Source,
)
from data.actions.repository import (
    ActionDetail,
    ActionRepository,
    link_rows,
    record_values,
)
from data.actions.search import normalize
from data.actions.seed import SUMMARY_MAX, TITLE_MAX, place_fields
from data.guide.catalogue import Guide
from data.store import schema
from data.store.audit import AuditEntry, changed_fields, entries, record
from data.store.db import write_transaction
from data.validation import check_text, check_url, check_year, clean_text

PORTEURS_MAX = 20
SOURCES_MAX = 20
CONTACT_MAX = 200
REASON_MAX = 2000
PII_SCAN_MAX = 25_000
EMAIL_FORMAT = re.compile(r"^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}$")
PHONE_FORMAT = re.compile(r"^(?:(?:\+|00)\s?\d{2,3}\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-]?\d{2}){4}$")
# Free-text fields scanned for personal data (the contact e-mail and phone are the
# only places where an address or a number belongs, and only the structure's).
FREE_TEXT_FIELDS = ("titre", "resume", "porteurs", "sources", "contact_structure")
FORM_FIELDS = (
    "titre", "resume", "date_debut", "date_fin", "en_cours", "methodes", "publics", "porteurs",
    "fiches", "sources", "contact_structure", "contact_email", "contact_telephone", "lieu",
)
# Fields compared for conflicts and written to the audit log.
SNAPSHOT_FIELDS = (
    "titre", "resume", "niveau_lieu", "code_lieu", "date_debut", "date_fin", "annee_debut", "annee_fin",
    "methodes", "publics", "porteurs", "fiches", "sources", "contact_structure", "contact_email",
    "contact_telephone", "statut", "motif_refus",
)


class TerritoryLookup(Protocol):
    """What validation needs from ``geo.territories.Territories``."""

    def get(self, level: str, code: str) -> Any: ...

    def parents(self, level: str, code: str) -> list[Any]: ...

    def search(self, text: str, level: str = "commune", limit: int = 10) -> list[Any]: ...


class Locator(Protocol):
    """What validation needs from ``geo.locate.PointLocator``."""

    def locate(self, lat: float, lon: float) -> str | None: ...


@dataclass
class Context:
    """Reference data used to validate a saisie (shared, read-only)."""

    guide: Guide
    territories: TerritoryLookup
    points: Callable[[str, str], tuple[float, float]]
    locator: Locator | None = None
    indexes: dict[str, Any] = field(default_factory=dict, repr=False)  # look-up tables built on first use


@dataclass(frozen=True)
class Contribution:
    """A validated action with the fields the seed format does not have."""

    record: ActionRecord
    date_debut: dt.date | None = None
    date_fin: dt.date | None = None
    contact_structure: str | None = None
    contact_email: str | None = None
    contact_telephone: str | None = None


@dataclass
class Validation:
    """Result of :func:`validate`: a contribution, or French errors per field."""

    contribution: Contribution | None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing blocks saving."""
        return self.contribution is not None and not self.errors


@dataclass(frozen=True)
class Draft:
    """A saved draft."""

    id: int
    auteur: str
    titre: str
    saisie: dict[str, Any]
    action_id: int | None
    version_action: int | None
    updated_at: dt.datetime


@dataclass(frozen=True)
class ActionFull:
    """An action with every column a moderator or its author sees."""

    detail: ActionDetail
    version: int
    origine: str
    created_by: str | None
    updated_by: str | None
    updated_at: dt.datetime
    motif_refus: str | None
    date_debut: dt.date | None
    date_fin: dt.date | None
    contact_structure: str | None
    contact_email: str | None
    contact_telephone: str | None

    @property
    def id(self) -> int:
        """The action's id."""
        return self.detail.id

    @property
    def statut(self) -> str:
        """The action's status."""
        return self.detail.statut


@dataclass(frozen=True)
class Conflict:
    """Someone else changed the action since it was loaded: both versions, nothing written."""

    action_id: int
    saved: dict[str, Any]
    mine: dict[str, Any]
    saved_version: int
    saved_by: str | None
    saved_at: dt.datetime | None

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(field, saved value, my value) for each field that differs."""
        return [
            (name, self.saved.get(name), self.mine.get(name))
            for name in SNAPSHOT_FIELDS
            if name in self.mine and _comparable(self.saved.get(name)) != _comparable(self.mine.get(name))
        ]


@dataclass
class Outcome:
    """Result of a write: done, refused with errors, or refused by a conflict."""

    ok: bool
    action_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    conflict: Conflict | None = None
    message: str = ""


def _comparable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_comparable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def empty_saisie() -> dict[str, Any]:
    """A blank form."""
    return {
        "titre": "", "resume": "", "date_debut": "", "date_fin": "", "en_cours": False, "methodes": [],
        "publics": [], "porteurs": "", "fiches": [], "sources": "", "contact_structure": "",
        "contact_email": "", "contact_telephone": "", "lieu": None,
    }


# --- parsing helpers ----------------------------------------------------------------


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


# --- place ---------------------------------------------------------------------------


def place_from_point(ctx: Context, lat: Any, lon: Any, mode: str) -> tuple[dict[str, Any] | None, str | None]:
    """Snap a point to its commune: (lieu, None) or (None, French error)."""
    try:
        y = float(str(lat).replace(",", ".").strip())
        x = float(str(lon).replace(",", ".").strip())
    except (TypeError, ValueError):
        return None, textes.CONTRIB_COORD_INVALIDES
    if not (-90 <= y <= 90 and -180 <= x <= 180) or y != y or x != x:
        return None, textes.CONTRIB_COORD_INVALIDES
    if ctx.locator is None:
        return None, textes.CONTRIB_COORD_INDISPONIBLE
    code = ctx.locator.locate(y, x)
    if code is None:
        return None, textes.CONTRIB_HORS_FRANCE.format(lat=round(y, 5), lon=round(x, 5))
    return {"niveau": "commune", "code": code, "mode": mode, "lat": round(y, 6), "lon": round(x, 6)}, None


def place_from_text(ctx: Context, text: str, mode: str = "recherche") -> tuple[dict[str, Any] | None, str | None]:
    """The best commune for a name, an INSEE code or a postal code."""
    found = ctx.territories.search(clean_text(text), "commune", limit=1) if clean_text(text) else []
    if not found:
        return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=clean_text(text)[:80])
    return {"niveau": "commune", "code": found[0].code, "mode": mode}, None


def place_label(ctx: Context, lieu: dict[str, Any] | None) -> str:
    """'Mézin (47)' for a chosen place, '' when none."""
    if not lieu:
        return ""
    try:
        territory = ctx.territories.get(lieu.get("niveau", ""), lieu.get("code", ""))
    except ValueError:
        territory = None
    return territory.label if territory else str(lieu.get("code", ""))


# --- validation ----------------------------------------------------------------------


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


def validate(
    saisie: dict[str, Any], ctx: Context, external_id: str, origine: str = "formulaire", statut: str = SUBMITTED
) -> Validation:
    """Check a saisie; return the contribution or French errors keyed by form field."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name, limit in (("titre", TITLE_MAX), ("resume", SUMMARY_MAX)):
        message = check_text(saisie.get(name), limit)
        if message:
            fail(name, message)

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

    methodes = [str(m) for m in saisie.get("methodes") or []]
    for slug in methodes:
        if ctx.guide.methode(slug) is None:
            fail("methodes", textes.ERR_METHODE_INCONNUE.format(valeur=slug))
    publics = [str(p) for p in saisie.get("publics") or []]
    for slug in publics:
        if ctx.guide.public(slug) is None:
            fail("publics", textes.ERR_PUBLIC_INCONNU.format(valeur=slug))
    fiches: list[int] = []
    for value in saisie.get("fiches") or []:
        try:
            numero = int(str(value).strip())
        except ValueError:
            fail("fiches", textes.ERR_ENTIER.format(valeur=value))
            continue
        if not 1 <= numero <= FICHE_COUNT:
            fail("fiches", textes.ERR_FICHE_HORS_BORNES.format(numero=numero))
        else:
            fiches.append(numero)

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

    contact_structure = clean_text(saisie.get("contact_structure"))
    message = check_text(contact_structure, CONTACT_MAX, required=False)
    if message:
        fail("contact_structure", message)
    email = clean_text(saisie.get("contact_email"))
    if email and not EMAIL_FORMAT.match(email):
        fail("contact_email", textes.CONTRIB_EMAIL_INVALIDE)
    phone = clean_text(saisie.get("contact_telephone"))
    if phone and (not PHONE_FORMAT.match(phone) or len(phone) > 40):
        fail("contact_telephone", textes.CONTRIB_TELEPHONE_INVALIDE)
    for name, value in (("contact_email", email), ("contact_telephone", phone)):
        if "nir" in pii.kinds_in(value):
            fail(name, textes.PII_TROUVE.format(quoi=textes.PII_LIBELLES["nir"], indice="…") + " " + textes.PII_CONSEIL["nir"])

    free_text = {
        "titre": clean_text(saisie.get("titre")),
        "resume": clean_text(saisie.get("resume")),
        "porteurs": "\n".join(porteurs),
        "sources": "\n".join(title for _u, title in sources),
        "contact_structure": contact_structure,
    }
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

    lieu = saisie.get("lieu") or None
    level = code = ""
    if not isinstance(lieu, dict) or not lieu.get("code"):
        fail("lieu", textes.CONTRIB_LIEU_MANQUANT)
    else:
        level, code = str(lieu.get("niveau") or "commune"), str(lieu.get("code"))
        if level not in PLACE_LEVELS:
            fail("lieu", textes.ERR_NIVEAU_INCONNU.format(niveau=level, attendus=", ".join(PLACE_LEVELS)))
        elif ctx.territories.get(level, code) is None:
            fail("lieu", textes.ERR_CODE_INCONNU.format(niveau=level, code=code))

    if errors:
        return Validation(None, errors)
    titre, resume = clean_text(saisie["titre"]), clean_text(saisie["resume"])
    record_ = ActionRecord(
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
        **place_fields(ctx.territories, ctx.points, level, code, [titre, resume, *porteurs]),
    )
    return Validation(
        Contribution(
            record_,
            date_debut=debut,
            date_fin=fin,
            contact_structure=contact_structure or None,
            contact_email=email or None,
            contact_telephone=phone or None,
        )
    )


def contribution_snapshot(contribution: Contribution) -> dict[str, Any]:
    """The comparable fields of a validated contribution."""
    r = contribution.record
    return {
        "titre": r.titre,
        "resume": r.resume,
        "niveau_lieu": r.niveau_lieu,
        "code_lieu": r.code_lieu,
        "date_debut": contribution.date_debut,
        "date_fin": contribution.date_fin,
        "annee_debut": r.annee_debut,
        "annee_fin": r.annee_fin,
        "methodes": sorted(r.methodes),
        "publics": sorted(r.publics),
        "porteurs": list(r.porteurs),
        "fiches": sorted(f.numero for f in r.fiches),
        "sources": [s.url for s in r.sources],
        "contact_structure": contribution.contact_structure,
        "contact_email": contribution.contact_email,
        "contact_telephone": contribution.contact_telephone,
    }


def full_snapshot(full: ActionFull) -> dict[str, Any]:
    """The comparable fields of a stored action."""
    d = full.detail
    return {
        "titre": d.titre,
        "resume": d.resume,
        "niveau_lieu": d.niveau_lieu,
        "code_lieu": d.code_lieu,
        "date_debut": full.date_debut,
        "date_fin": full.date_fin,
        "annee_debut": d.annee_debut,
        "annee_fin": d.annee_fin,
        "methodes": sorted(d.methodes),
        "publics": sorted(d.publics),
        "porteurs": list(d.porteurs),
        "fiches": sorted(f.numero for f in d.fiches),
        "sources": [s.url for s in d.sources],
        "contact_structure": full.contact_structure,
        "contact_email": full.contact_email,
        "contact_telephone": full.contact_telephone,
        "statut": d.statut,
        "motif_refus": full.motif_refus,
    }


def saisie_from_action(full: ActionFull) -> dict[str, Any]:
    """A form filled with a stored action (to edit it)."""
    d = full.detail
    return {
        "titre": d.titre,
        "resume": d.resume,
        "date_debut": full.date_debut.isoformat() if full.date_debut else (str(d.annee_debut) if d.annee_debut else ""),
        "date_fin": full.date_fin.isoformat() if full.date_fin else (str(d.annee_fin) if d.annee_fin else ""),
        "en_cours": d.annee_fin is None and full.date_fin is None and d.annee_debut is not None,
        "methodes": list(d.methodes),
        "publics": list(d.publics),
        "porteurs": "\n".join(d.porteurs),
        "fiches": sorted(f.numero for f in d.fiches),
        "sources": format_sources(d.sources),
        "contact_structure": full.contact_structure or "",
        "contact_email": full.contact_email or "",
        "contact_telephone": full.contact_telephone or "",
        "lieu": {"niveau": d.niveau_lieu, "code": d.code_lieu, "mode": "existant"},
    }


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


def live_pii_errors(saisie: dict[str, Any]) -> dict[str, list[str]]:
    """Personal data found in what is being typed (shown at once, before any submission)."""
    return pii_errors({name: str(saisie.get(name) or "") for name in FREE_TEXT_FIELDS})


# --- storage -------------------------------------------------------------------------


def _extra_values(contribution: Contribution) -> dict[str, Any]:
    return {
        "date_debut": contribution.date_debut,
        "date_fin": contribution.date_fin,
        "contact_structure": contribution.contact_structure,
        "contact_email": contribution.contact_email,
        "contact_telephone": contribution.contact_telephone,
    }


class ContributionStore(ActionRepository):
    """Drafts, submissions, review and the audit log, on top of the action tables."""

    # -- reading ------------------------------------------------------------------
    def full(self, action_id: int) -> ActionFull | None:
        """Any action (whatever its status) with every column, or None."""
        detail = self.get(action_id, published_only=False)
        if detail is None:
            return None
        a = schema.actions.c
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    a.version, a.origine, a.created_by, a.updated_by, a.updated_at, a.motif_refus, a.date_debut,
                    a.date_fin, a.contact_structure, a.contact_email, a.contact_telephone,
                ).where(a.id == action_id)
            ).one()
        return ActionFull(detail, **row._asdict())

    def by_external_id(self, external_id: str) -> int | None:
        """Id of the action with this external id."""
        a = schema.actions.c
        with self.engine.connect() as conn:
            return conn.execute(sa.select(a.id).where(a.external_id == external_id)).scalar()

    def existing_external_ids(self, candidates: list[str]) -> set[str]:
        """Which of these external ids are already stored."""
        a = schema.actions.c
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(candidates), 500):
                chunk = candidates[start : start + 500]
                found.update(conn.execute(sa.select(a.external_id).where(a.external_id.in_(chunk))).scalars())
        return found

    def queue(
        self,
        statuts: tuple[str, ...] = (SUBMITTED,),
        departement: str | None = None,
        origine: str | None = None,
        texte: str = "",
        auteur: str | None = None,
        limit: int = 2000,
    ) -> pd.DataFrame:
        """Actions for the moderators' queue (or one author's actions), newest first."""
        a = schema.actions.c
        query = sa.select(
            a.id, a.titre, a.statut, a.origine, a.provenance, a.niveau_lieu, a.code_lieu, a.departement,
            a.created_by, a.updated_by, a.updated_at, a.version, a.motif_refus,
        )
        if statuts:
            query = query.where(a.statut.in_(statuts))
        if departement:
            query = query.where(a.departement == departement)
        if origine:
            query = query.where(a.origine == origine)
        if auteur is not None:
            query = query.where(a.created_by == auteur)
        for term in normalize(texte).split():
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(a.texte_recherche.like(f"%{escaped}%", escape="\\"))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(a.updated_at.desc(), a.id.desc()).limit(limit)).all()
        columns = [
            "id", "titre", "statut", "origine", "provenance", "niveau_lieu", "code_lieu", "departement",
            "created_by", "updated_by", "updated_at", "version", "motif_refus",
        ]
        return pd.DataFrame([r._asdict() for r in rows], columns=columns)

    def status_counts(self) -> dict[str, int]:
        """Number of actions per status."""
        a = schema.actions.c
        with self.engine.connect() as conn:
            return dict(conn.execute(sa.select(a.statut, sa.func.count()).group_by(a.statut)).all())

    def audit(self, action_id: int) -> list[AuditEntry]:
        """The audit log of one action, newest first."""
        return entries(self.engine, "action", action_id)

    # -- drafts ----------------------------------------------------------------------
    def save_draft(
        self,
        user: User,
        saisie: dict[str, Any],
        draft_id: int | None = None,
        action_id: int | None = None,
        version_action: int | None = None,
    ) -> Draft | None:
        """Create or update a draft as typed (None when there is no title yet).

        Only the draft's author may update it; a draft id of someone else starts
        a new draft rather than touching theirs.
        """
        if not can(user, "contribute"):
            raise PermissionError(textes.ROLE_INSUFFISANT)
        data = redact_saisie(clean_saisie(saisie))
        title = clean_text(data.get("titre"))
        if not title:
            return None
        now = _now()
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            if draft_id is not None:
                updated = conn.execute(
                    sa.update(schema.brouillons)
                    .where(b.id == draft_id, b.auteur == user.identifiant)
                    .values(titre=title[:TITLE_MAX], saisie=data, updated_at=now, version=b.version + 1)
                )
                if updated.rowcount == 1:
                    return self._draft(conn, draft_id)
            new_id = conn.execute(
                sa.insert(schema.brouillons).values(
                    auteur=user.identifiant,
                    action_id=action_id,
                    version_action=version_action,
                    titre=title[:TITLE_MAX],
                    saisie=data,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            record(conn, user.identifiant, "brouillon", new_id, "creation", None, {"action_id": action_id})
            return self._draft(conn, new_id)

    def _draft(self, conn: sa.Connection, draft_id: int) -> Draft | None:
        row = conn.execute(sa.select(schema.brouillons).where(schema.brouillons.c.id == draft_id)).first()
        if row is None:
            return None
        return Draft(row.id, row.auteur, row.titre, dict(row.saisie), row.action_id, row.version_action, row.updated_at)

    def draft(self, user: User, draft_id: int) -> Draft | None:
        """A draft of ``user`` (None for a missing draft or someone else's)."""
        with self.engine.connect() as conn:
            found = self._draft(conn, draft_id)
        if found is None or not can(user, "edit_draft", found):
            return None
        return found

    def drafts_of(self, user: User) -> list[Draft]:
        """The drafts of ``user``, most recently changed first."""
        b = schema.brouillons.c
        with self.engine.connect() as conn:
            ids = conn.execute(
                sa.select(b.id).where(b.auteur == user.identifiant).order_by(b.updated_at.desc(), b.id.desc())
            ).scalars().all()
            drafts = [self._draft(conn, i) for i in ids]
        return [d for d in drafts if d is not None]

    def delete_draft(self, user: User, draft_id: int) -> bool:
        """Delete a draft of ``user``; True when one was deleted."""
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            deleted = conn.execute(sa.delete(schema.brouillons).where(b.id == draft_id, b.auteur == user.identifiant))
            if deleted.rowcount:
                record(conn, user.identifiant, "brouillon", draft_id, "suppression", None, None)
            return bool(deleted.rowcount)

    def open_edit(self, user: User, action_id: int) -> Draft | None:
        """A working copy (draft) to edit an existing action; reuses one already open."""
        full = self.full(action_id)
        if full is None or not can(user, "edit", {"created_by": full.created_by, "statut": full.statut}):
            return None
        b = schema.brouillons.c
        with self.engine.connect() as conn:
            existing = conn.execute(
                sa.select(b.id).where(b.auteur == user.identifiant, b.action_id == action_id).order_by(b.id.desc())
            ).scalar()
            if existing is not None:
                return self._draft(conn, existing)
        return self.save_draft(user, saisie_from_action(full), action_id=action_id, version_action=full.version)

    def rebase_draft(self, user: User, draft_id: int) -> Draft | None:
        """After a conflict, keep my text but start from the action's current version."""
        found = self.draft(user, draft_id)
        if found is None or found.action_id is None:
            return found
        full = self.full(found.action_id)
        if full is None:
            return found
        b = schema.brouillons.c
        with write_transaction(self.engine) as conn:
            conn.execute(sa.update(schema.brouillons).where(b.id == draft_id).values(version_action=full.version))
            return self._draft(conn, draft_id)

    # -- submission --------------------------------------------------------------------
    def submit(self, user: User, draft_id: int, ctx: Context, saisie: dict[str, Any] | None = None) -> Outcome:
        """Validate a draft and write its action (new, or update with a version check).

        ``saisie`` is what the form holds now (the stored draft has its personal data
        masked, so the live text is the one checked); default: the stored draft.
        """
        found = self.draft(user, draft_id)
        if found is None:
            return Outcome(False, message=textes.BROUILLON_INTROUVABLE)
        if saisie is not None:
            found = replace(found, saisie=clean_saisie(saisie))
        external_id = f"form-{uuid.uuid4().hex}"
        if found.action_id is None:
            validation = validate(found.saisie, ctx, external_id)
            if not validation.ok:
                return Outcome(False, errors=validation.errors, message=textes.CONTRIB_A_CORRIGER)
            assert validation.contribution is not None
            action_id = self._insert(user, validation.contribution, draft_id)
            return Outcome(True, action_id=action_id, message=textes.CONTRIB_SOUMISE)
        full = self.full(found.action_id)
        if full is None:
            return Outcome(False, message=textes.ACTION_INTROUVABLE)
        if not can(user, "edit", {"created_by": full.created_by, "statut": full.statut}):
            return Outcome(False, message=textes.ROLE_INSUFFISANT)
        # Moderators keep the status; a contributor's change goes back to review.
        statut = full.statut if has_role(user, MODERATOR) else SUBMITTED
        validation = validate(found.saisie, ctx, full.detail.external_id, origine=full.origine, statut=statut)
        if not validation.ok:
            return Outcome(False, errors=validation.errors, message=textes.CONTRIB_A_CORRIGER)
        assert validation.contribution is not None
        return self._update(user, full, found, validation.contribution)

    def _insert(self, user: User, contribution: Contribution, draft_id: int | None) -> int:
        record_ = contribution.record
        now = _now()
        with write_transaction(self.engine) as conn:
            action_id = conn.execute(
                sa.insert(schema.actions).values(
                    external_id=record_.external_id,
                    created_at=now,
                    updated_at=now,
                    version=1,
                    created_by=user.identifiant,
                    updated_by=user.identifiant,
                    **record_values(record_),
                    **_extra_values(contribution),
                )
            ).inserted_primary_key[0]
            self._write_links(conn, action_id, link_rows(record_))
            record(conn, user.identifiant, "action", action_id, "creation", None, contribution_snapshot(contribution) | {"statut": record_.statut})
            if draft_id is not None:
                conn.execute(sa.delete(schema.brouillons).where(schema.brouillons.c.id == draft_id))
        return action_id

    def _conflict(self, action_id: int, mine: dict[str, Any]) -> Conflict:
        current = self.full(action_id)
        assert current is not None
        return Conflict(action_id, full_snapshot(current), mine, current.version, current.updated_by, current.updated_at)

    def _update(self, user: User, full: ActionFull, found: Draft, contribution: Contribution) -> Outcome:
        mine = contribution_snapshot(contribution)
        expected = found.version_action if found.version_action is not None else full.version
        if full.version != expected:
            return Outcome(False, conflict=self._conflict(full.id, mine), message=textes.CONFLIT_MESSAGE)
        record_ = contribution.record
        values = record_values(record_)
        # Where the action comes from and how it was documented never change on edit.
        for kept in ("origine", "provenance", "confiance", "illustration"):
            values.pop(kept)
        if record_.statut != full.statut:
            values["motif_refus"] = None
        with write_transaction(self.engine) as conn:
            # The UPDATE comes first: it takes the write lock and checks the version.
            updated = conn.execute(
                sa.update(schema.actions)
                .where(schema.actions.c.id == full.id, schema.actions.c.version == expected)
                .values(
                    version=expected + 1,
                    updated_at=_now(),
                    updated_by=user.identifiant,
                    **values,
                    **_extra_values(contribution),
                )
            )
            if updated.rowcount != 1:
                conflict = True
            else:
                conflict = False
                self._write_links(conn, full.id, link_rows(record_))
                before, after = changed_fields(full_snapshot(full), mine | {"statut": record_.statut})
                record(conn, user.identifiant, "action", full.id, "modification", before, after)
                conn.execute(sa.delete(schema.brouillons).where(schema.brouillons.c.id == found.id))
        if conflict:
            return Outcome(False, conflict=self._conflict(full.id, mine), message=textes.CONFLIT_MESSAGE)
        return Outcome(True, action_id=full.id, message=textes.CONTRIB_MODIFIEE)

    # -- review ----------------------------------------------------------------------------
    def transition(
        self, user: User, action_id: int, expected_version: int, target: str, motif: str | None = None
    ) -> Outcome:
        """Publish, refuse (with a reason) or archive an action, with a version check."""
        permission = {PUBLISHED: "publish", REFUSED: "refuse", ARCHIVED: "archive"}.get(target)
        full = self.full(action_id)
        if full is None or permission is None:
            return Outcome(False, message=textes.ACTION_INTROUVABLE)
        if not can(user, permission, {"statut": full.statut}):
            if not has_role(user, MODERATOR):
                return Outcome(False, message=textes.ROLE_INSUFFISANT)
            return Outcome(
                False,
                message=textes.MODERATION_TRANSITION_IMPOSSIBLE.format(
                    de=textes.STATUT_LIBELLES[full.statut], vers=textes.STATUT_LIBELLES[target]
                ),
            )
        reason = clean_text(motif)
        if target == REFUSED:
            message = check_text(reason, REASON_MAX)
            if message:
                return Outcome(False, errors={"motif": [textes.MODERATION_MOTIF_OBLIGATOIRE]}, message=textes.MODERATION_MOTIF_OBLIGATOIRE)
            found = pii_errors({"motif": reason})
            if found:
                return Outcome(False, errors=found, message=found["motif"][0])
        if full.version != expected_version:
            return Outcome(False, conflict=self._conflict(action_id, {"statut": target}), message=textes.CONFLIT_MESSAGE)
        before = {"statut": full.statut, "motif_refus": full.motif_refus}
        after = {"statut": target, "motif_refus": reason if target == REFUSED else None}
        with write_transaction(self.engine) as conn:
            updated = conn.execute(
                sa.update(schema.actions)
                .where(schema.actions.c.id == action_id, schema.actions.c.version == expected_version)
                .values(version=expected_version + 1, updated_at=_now(), updated_by=user.identifiant, **after)
            )
            if updated.rowcount == 1:
                b, a = changed_fields(before, after)
                record(conn, user.identifiant, "action", action_id, permission, b, a)
        if updated.rowcount != 1:
            return Outcome(False, conflict=self._conflict(action_id, {"statut": target}), message=textes.CONFLIT_MESSAGE)
        return Outcome(True, action_id=action_id, message=textes.MODERATION_FAIT[target])

    # -- bulk insert (imports) ---------------------------------------------------------------
    def insert_many(self, user: User, contributions: list[Contribution], source: str, progress: Callable[[float], None] | None = None) -> int:
        """Insert new actions in ONE transaction (all or none); audited one by one."""
        if not contributions:
            return 0
        now = _now()
        a = schema.actions
        chunk = 1000
        done = 0
        with write_transaction(self.engine) as conn:
            for start in range(0, len(contributions), chunk):
                part = contributions[start : start + chunk]
                rows = [
                    {
                        "external_id": c.record.external_id,
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                        "created_by": user.identifiant,
                        "updated_by": user.identifiant,
                        **record_values(c.record),
                        **_extra_values(c),
                    }
                    for c in part
                ]
                ids = conn.execute(
                    sa.insert(a).returning(a.c.id, sort_by_parameter_order=True), rows
                ).scalars().all()
                links: dict[str, list[dict]] = {"fiches": [], "methodes": [], "publics": [], "sources": []}
                journal_rows = []
                for action_id, c in zip(ids, part):
                    r = c.record
                    links["fiches"] += [{"action_id": action_id, "fiche_numero": f.numero, "origine": f.origine} for f in r.fiches]
                    links["methodes"] += [{"action_id": action_id, "methode": m} for m in r.methodes]
                    links["publics"] += [{"action_id": action_id, "public": p} for p in r.publics]
                    links["sources"] += [
                        {"action_id": action_id, "position": i, "url": s.url, "titre": s.titre} for i, s in enumerate(r.sources)
                    ]
                    journal_rows.append(
                        {
                            "horodatage": now,
                            "auteur": user.identifiant,
                            "objet": "action",
                            "objet_id": action_id,
                            "operation": "import",
                            "avant": None,
                            "apres": {"statut": r.statut, "external_id": r.external_id, "fichier": source},
                        }
                    )
                for name, table in (
                    ("fiches", schema.action_fiches),
                    ("methodes", schema.action_methodes),
                    ("publics", schema.action_publics),
                    ("sources", schema.action_sources),
                ):
                    if links[name]:
                        conn.execute(sa.insert(table), links[name])
                conn.execute(sa.insert(schema.journal), journal_rows)
                done += len(part)
                if progress:
                    progress(done / len(contributions))
        return done
