"""French labels of actions for maps, tables and pages (places, methods, years)."""
from __future__ import annotations

import numpy as np
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
    """For each action id: (place label, methods label), each text built once per distinct value."""
    if frame.empty:
        return {}
    territories = stores.territories()
    methods = {m.slug: m.libelle for m in stores.guide().methodes}
    place_index, places = pd.factorize(pd.MultiIndex.from_arrays([frame["niveau_lieu"], frame["code_lieu"]]))
    place_text = [t.label if (t := territories.get(level, code)) else code for level, code in places]
    slug_index, slug_lists = pd.factorize(frame["methodes"].map(tuple))
    method_text = [", ".join(methods[s] for s in slugs if s in methods) for slugs in slug_lists]
    ids = frame["id"].astype(int).tolist()
    place_of = np.asarray(place_text, dtype=object)[place_index].tolist()
    methods_of = np.asarray(method_text, dtype=object)[slug_index].tolist()
    return dict(zip(ids, zip(place_of, methods_of)))


def years(debut: int | None, fin: int | None) -> str:
    """Years of an action for display."""
    return years_label(debut, fin)
