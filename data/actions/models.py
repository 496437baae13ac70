"""Typed objects exchanged between the core and the Streamlit layer."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROVENANCES = ("documentee", "declaree")
LINK_ORIGINS = ("annexe", "editeurs", "equipe")
FICHE_STATUSES = ("confirmee", "a_completer")
PLACE_LEVELS = ("region", "departement", "epci", "commune")
FICHE_COUNT = 26


@dataclass(frozen=True)
class Fiche:
    """One of the guide's 26 fiches; ``titre`` is None until confirmed."""

    numero: int
    statut: str
    titre: str | None = None
    partie: str | None = None
    resume: str | None = None
    mots_cles: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True)
class Methode:
    """A collective approach or method reviewed by the guide."""

    slug: str
    libelle: str
    description: str = ""


@dataclass(frozen=True)
class Public:
    """A public an action is meant for."""

    slug: str
    libelle: str


@dataclass(frozen=True)
class Illustration:
    """One of the guide's annex illustrations."""

    slug: str
    titre: str
    fiches: tuple[int, ...]
    lieu: str | None = None


@dataclass(frozen=True)
class FicheLink:
    """Link between an action and a fiche, with who made it."""

    numero: int
    origine: str


@dataclass(frozen=True)
class Source:
    """A public page documenting an action."""

    url: str
    titre: str = ""


@dataclass(frozen=True)
class Action:
    """An action's content, validated, as it is written to the database.

    The seed loader, the contribution form and the imports each produce one; the
    repository reads it back as a :class:`StoredAction`.
    """

    external_id: str
    titre: str
    resume: str
    niveau_lieu: str
    code_lieu: str
    commune: str | None
    epci: str | None
    departement: str | None
    region: str | None
    lat: float
    lon: float
    annee_debut: int | None
    annee_fin: int | None
    methodes: tuple[str, ...]
    publics: tuple[str, ...]
    porteurs: tuple[str, ...]
    fiches: tuple[FicheLink, ...]
    sources: tuple[Source, ...]
    provenance: str
    origine: str = "seed"
    statut: str = "publiee"
    note_lieu: str | None = None
    confiance: str | None = None
    illustration: str | None = None
    texte_recherche: str = ""
    date_debut: dt.date | None = None
    date_fin: dt.date | None = None
    contact_structure: str | None = None
    contact_email: str | None = None
    contact_telephone: str | None = None


@dataclass(frozen=True, kw_only=True)
class StoredAction(Action):
    """An action read from the database: its content and its review bookkeeping."""

    id: int
    version: int
    created_by: str | None = None
    updated_by: str | None = None
    updated_at: dt.datetime | None = None
    motif_refus: str | None = None


@dataclass(frozen=True)
class ActionFilter:
    """What a user selected on the map page. Empty values mean "no constraint"."""

    region: str | None = None
    departement: str | None = None
    epci: str | None = None
    commune: str | None = None
    fiches: tuple[int, ...] = ()
    methodes: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    annee_min: int | None = None
    annee_max: int | None = None
    texte: str = ""

    def territory(self) -> tuple[str, str] | None:
        """The most precise territory chosen, as ``(level, code)``."""
        for level in ("commune", "epci", "departement", "region"):
            code = getattr(self, level)
            if code:
                return level, code
        return None


@dataclass
class LoadReport:
    """Errors found while reading a data file (each already in French)."""

    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no error was found."""
        return not self.errors
