"""What a territory dossier says, gathered from the atlas (territories, indicators, actions, guide)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_value, years_label
from data.guide.catalogue import fiche_label, is_confirmed, list_fiches
from data.indicators.catalogue import FRANCE_CODE
from data.indicators.profile import parent_ref
from geo.territories import LEVEL_LABELS, Territory

#: A région can hold hundreds of actions: the dossier lists the first ones by title.
MAX_ACTIONS = 150


@dataclass(frozen=True)
class IndicatorLine:
    """One key indicator: the territory's value, its parent's and France's, where it comes from."""

    libelle: str
    valeur: str
    parent: str | None
    france: str
    source: str
    millesime: str


@dataclass(frozen=True)
class DossierAction:
    """One documented action as the dossier lists it."""

    titre: str
    lieu: str
    annees: str
    methodes: str
    fiches: str
    lien: str
    sources: tuple[tuple[str, str], ...] = ()


@dataclass
class Dossier:
    """Everything one dossier shows, already worded in French."""

    territory: Territory
    level_label: str
    parents: list[Territory]
    parent_label: str | None
    indicators: list[IndicatorLine]
    actions: list[DossierAction]
    actions_total: int
    fiches_used: list[str]
    pistes: list[str]
    pistes_to_complete: int
    outline: list[Any] = field(default_factory=list)  # shapely geometries of the territory
    inner: list[Any] = field(default_factory=list)  # its subdivisions, drawn lightly
    points: list[tuple[float, float]] = field(default_factory=list)  # (lon, lat) of its actions
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    base_url: str = ""


def _value(values: dict[str, float] | None, code: str, unit: str) -> str:
    return fmt_value((values or {}).get(code, math.nan), unit)


def indicator_lines(atlas: Any, level: str, code: str) -> tuple[list[IndicatorLine], str | None]:
    """Every indicator of the catalogue with a value for this territory, with its parent and France."""
    store = atlas.indicators
    own = store.territory_values(level, code)
    parent = parent_ref(level, code, atlas.territories)
    parent_values = store.territory_values(*parent) if parent else None
    parent_territory = atlas.territories.get(*parent) if parent else None
    france = store.territory_values("france", FRANCE_CODE)
    vintages = store.vintages()
    lines = []
    for ind in store.indicators(with_values_only=True):
        if ind.code not in own:
            continue
        lines.append(
            IndicatorLine(
                libelle=ind.libelle,
                valeur=_value(own, ind.code, ind.unite),
                parent=_value(parent_values, ind.code, ind.unite) if parent else None,
                france=_value(france, ind.code, ind.unite),
                source=ind.source,
                millesime=str(vintages.get(ind.code, ind.millesime or "")),
            )
        )
    return lines, parent_territory.label if parent_territory else None


def _geometries(atlas: Any, level: str, code: str) -> tuple[list[Any], list[Any]]:
    """The territory's outline and its subdivisions from the cached layers (empty if absent)."""
    from geo.layers import load_layer

    cache = atlas.settings.cache_dir
    territories = atlas.territories
    try:
        if level == "commune":
            row = territories.communes.loc[territories.communes["code"] == code]
            departement = row["departement"].iloc[0] if len(row) else ""
            layer = load_layer(cache, "commune", departement=departement)
            return list(layer.loc[layer["code"] == code].geometry), []
        layer = load_layer(cache, level)
        outline = list(layer.loc[layer["code"] == code].geometry)
        if level == "region":
            deps = load_layer(cache, "departement")
            return outline, list(deps.loc[deps["region"] == code].geometry)
        members = set(territories.children(level, code, "commune"))
        table = territories.communes
        departements = sorted(set(table.loc[table["code"].isin(members), "departement"]))
        inner = []
        for dep in departements:
            communes = load_layer(cache, "commune", departement=dep)
            inner += list(communes.loc[communes["code"].isin(members)].geometry)
        return outline, inner
    except (FileNotFoundError, KeyError, IndexError):
        return [], []


def _action_lines(atlas: Any, found: pd.DataFrame, base_url: str) -> list[DossierAction]:
    territories = atlas.territories
    guide = atlas.guide
    methods = {m.slug: m.libelle for m in guide.methodes}
    out = []
    for row in found.head(MAX_ACTIONS).itertuples(index=False):
        place = territories.get(row.niveau_lieu, row.code_lieu)
        detail = atlas.actions.get(int(row.id))
        sources = tuple((s.titre or s.url, s.url) for s in (detail.sources if detail else ()))
        out.append(
            DossierAction(
                titre=row.titre,
                lieu=place.label if place else row.code_lieu,
                annees=years_label(row.annee_debut, row.annee_fin),
                methodes=", ".join(methods[s] for s in row.methodes if s in methods) or "—",
                fiches=", ".join(str(n) for n in row.fiches) or "—",
                lien=f"{base_url.rstrip('/')}/action?id={int(row.id)}",
                sources=sources,
            )
        )
    return out


def build_dossier(atlas: Any, level: str, code: str, base_url: str = "") -> Dossier:
    """Gather a territory's dossier; ``base_url`` (the atlas's address) makes its links absolute.

    Raises ``ValueError`` (French message) for an unknown territory.
    """
    territory = atlas.territories.get(level, code) if level in LEVEL_LABELS else None
    if territory is None:
        raise ValueError(textes.DOSSIER_TERRITOIRE_INCONNU.format(ref=f"{level}:{code}"))
    found = atlas.actions.list_actions(ActionFilter(**{level: code}))
    found = found.sort_values("titre", key=lambda s: s.str.lower()) if not found.empty else found
    used = sorted({int(n) for fiches in found["fiches"] for n in fiches}) if not found.empty else []
    fiches = {f.numero: f for f in list_fiches(atlas.engine)}
    indicators, parent_label = indicator_lines(atlas, level, code)
    outline, inner = _geometries(atlas, level, code)
    points = [(float(lon), float(lat)) for lon, lat in zip(found.get("lon", []), found.get("lat", []))]
    return Dossier(
        territory=territory,
        level_label=LEVEL_LABELS[level],
        parents=atlas.territories.parents(level, code),
        parent_label=parent_label,
        indicators=indicators,
        actions=_action_lines(atlas, found, base_url),
        actions_total=len(found),
        fiches_used=[fiche_label(fiches[n]) for n in used if n in fiches],
        pistes=[fiche_label(f) for n, f in sorted(fiches.items()) if n not in used and is_confirmed(f)],
        pistes_to_complete=sum(1 for n, f in fiches.items() if n not in used and not is_confirmed(f)),
        outline=outline,
        inner=inner,
        points=points,
        base_url=base_url,
    )
