"""How much of France and of the guide the actions cover.

One computation serves the command line (``python -m data check-seed FILE``) and
the ``/a-propos`` page: it takes light rows (from validated seed records or from
the published actions of the database) and the territory tables, and counts
actions, communes, départements, régions, methods, linked fiches, provenances
and confidence levels. An action counts for the département and the région
written on its row: the one that holds its place (for an EPCI spread over two
départements, the one holding most of its population), never both.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from data import textes
from data.actions.models import Action, Methode
from data.actions.search import normalize

_BRACKETS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class CoverageRow:
    """What the coverage needs to know about one action."""

    commune: str | None
    departement: str | None
    region: str | None
    methodes: tuple[str, ...]
    fiches: tuple[int, ...]
    provenance: str
    confiance: str | None

    @classmethod
    def from_record(cls, record: Action) -> CoverageRow:
        """The row of a validated seed record."""
        return cls(
            commune=record.commune,
            departement=record.departement,
            region=record.region,
            methodes=tuple(record.methodes),
            fiches=tuple(link.numero for link in record.fiches),
            provenance=record.provenance,
            confiance=record.confiance,
        )


@dataclass(frozen=True)
class Coverage:
    """Coverage figures; the ``*_sans_action`` tuples hold ``(code, name)`` pairs or slugs."""

    actions: int
    communes: int
    departements: int
    departements_total: int
    regions: int
    regions_total: int
    methodes: int
    methodes_total: int
    fiches: tuple[int, ...]
    actions_avec_fiche: int
    par_provenance: dict[str, int]
    par_confiance: dict[str | None, int]
    departements_sans_action: tuple[tuple[str, str], ...]
    regions_sans_action: tuple[tuple[str, str], ...]
    methodes_sans_action: tuple[str, ...]  # labels of the methods no action uses


def compute_coverage(rows: Iterable[CoverageRow], territories: Any, methods: Sequence[Methode]) -> Coverage:
    """Coverage of ``rows`` against every département and région of ``territories`` and the guide's ``methods``."""
    rows = list(rows)
    departements = dict(zip(territories.departements["code"], territories.departements["nom"]))
    regions = dict(zip(territories.regions["code"], territories.regions["nom"]))
    deps = {r.departement for r in rows if r.departement in departements}
    regs = {r.region for r in rows if r.region in regions}
    used_methods = {m for r in rows for m in r.methodes}
    return Coverage(
        actions=len(rows),
        communes=len({r.commune for r in rows if r.commune}),
        departements=len(deps),
        departements_total=len(departements),
        regions=len(regs),
        regions_total=len(regions),
        methodes=len(used_methods & {m.slug for m in methods}),
        methodes_total=len(methods),
        fiches=tuple(sorted({n for r in rows for n in r.fiches})),
        actions_avec_fiche=sum(bool(r.fiches) for r in rows),
        par_provenance=dict(sorted(Counter(r.provenance for r in rows).items())),
        par_confiance=dict(Counter(r.confiance for r in rows)),
        departements_sans_action=tuple((c, n) for c, n in sorted(departements.items()) if c not in deps),
        regions_sans_action=tuple((c, n) for c, n in sorted(regions.items()) if c not in regs),
        methodes_sans_action=tuple(m.libelle for m in methods if m.slug not in used_methods),
    )


def _years_overlap(a: Action, b: Action) -> bool:
    """True when the two periods share a year; an unknown bound is open."""
    low_a, high_a = a.annee_debut or -10**6, a.annee_fin or 10**6
    low_b, high_b = b.annee_debut or -10**6, b.annee_fin or 10**6
    return low_a <= high_b and low_b <= high_a


def carrier_key(name: str) -> str:
    """A carrier's name compared without case, accents, punctuation or words in brackets."""
    return normalize(_BRACKETS.sub(" ", name))


def same_action_pairs(records: Sequence[Action]) -> list[tuple[str, str]]:
    """Pairs of ids that look like one action: same place, a carrier in common, overlapping years.

    Places are compared by level and code; carriers by ``carrier_key``; an unknown
    start or end year leaves the period open on that side.
    """
    groups: dict[tuple[str, str], list[Action]] = {}
    for record in records:
        groups.setdefault((record.niveau_lieu, record.code_lieu), []).append(record)
    pairs = []
    for group in groups.values():
        keys = [{carrier_key(p) for p in r.porteurs} - {""} for r in group]
        for i, first in enumerate(group):
            for j in range(i + 1, len(group)):
                if keys[i] & keys[j] and _years_overlap(first, group[j]):
                    pairs.append((first.external_id, group[j].external_id))
    return pairs


def coverage_lines(coverage: Coverage) -> list[str]:
    """The figures as French lines, shared by the command line and the about page."""
    none = textes.COUVERTURE_AUCUN
    confidence = [
        textes.COUVERTURE_ITEM.format(libelle=label, n=coverage.par_confiance[key])
        for key, label in textes.CONFIANCE_LIBELLES.items()
        if coverage.par_confiance.get(key)
    ]
    provenance = [
        textes.COUVERTURE_ITEM.format(libelle=textes.PROVENANCE_PLURIEL.get(key, key), n=n)
        for key, n in coverage.par_provenance.items()
    ]
    methods = textes.COUVERTURE_METHODES.format(methodes=coverage.methodes, total=coverage.methodes_total)
    if coverage.methodes_sans_action:
        methods += textes.COUVERTURE_METHODES_MANQUANTES.format(liste=", ".join(coverage.methodes_sans_action))
    missing = [f"{code} {name}" for code, name in coverage.departements_sans_action]
    return [
        textes.COUVERTURE_ACTIONS.format(actions=coverage.actions, communes=coverage.communes),
        textes.COUVERTURE_TERRITOIRES.format(
            departements=coverage.departements, departements_total=coverage.departements_total,
            regions=coverage.regions, regions_total=coverage.regions_total,
        ),
        methods,
        textes.COUVERTURE_FICHES.format(
            n=len(coverage.fiches), liste=", ".join(map(str, coverage.fiches)) or none, actions=coverage.actions_avec_fiche
        ),
        textes.COUVERTURE_PROVENANCE.format(liste=", ".join(provenance) or none),
        textes.COUVERTURE_CONFIANCE.format(liste=", ".join(confidence) or none),
        textes.COUVERTURE_SANS_ACTION.format(n=len(missing), liste=", ".join(missing) or none),
    ]
