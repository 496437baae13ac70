"""French labels of actions for maps, tables and pages (places, methods, years)."""
from __future__ import annotations

import pandas as pd

from components import stores
from components.map import years_label


def place_label(level: str, code: str) -> str:
    """Name of the place of an action, e.g. 'Mézin (47)'."""
    territory = stores.territories().get(level, code)
    return territory.label if territory else code


def methods_label(slugs: list[str]) -> str:
    """Method names joined for display."""
    guide = stores.guide()
    return ", ".join(m.libelle for m in (guide.methode(s) for s in slugs) if m)


def publics_label(slugs: list[str]) -> str:
    """Public names joined for display."""
    guide = stores.guide()
    return ", ".join(p.libelle for p in (guide.public(s) for s in slugs) if p)


def popup_labels(frame: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """For each action id: (place label, methods label)."""
    territories = stores.territories()
    methods = {m.slug: m.libelle for m in stores.guide().methodes}
    out = {}
    for row in frame.itertuples(index=False):
        place = territories.get(row.niveau_lieu, row.code_lieu)
        out[int(row.id)] = (place.label if place else row.code_lieu, ", ".join(methods[s] for s in row.methodes if s in methods))
    return out


def years(debut: int | None, fin: int | None) -> str:
    """Years of an action for display."""
    return years_label(debut, fin)
