"""When no action matches: the filters worth lifting, the nearest actions, similar territories that have some."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components import cache, stores
from components.html_view import Link, show_link_list
from components.tables import action_link
from components.territory_links import profile_link
from components.territory_view import (
    default_similarity_indicators,
    label_of,
    similar_territories,
)
from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_number

#: Each filter a person may lift: its French name, the widget keys it clears, the filter without it.
_WITHOUT = {
    "territoire": (textes.VIDE_FILTRE_TERRITOIRE, ("region", "departement", "epci", "commune"),
                   {"region": None, "departement": None, "epci": None, "commune": None}),
    "fiches": (textes.VIDE_FILTRE_FICHES, ("fiche",), {"fiches": ()}),
    "methodes": (textes.VIDE_FILTRE_METHODES, ("methode",), {"methodes": ()}),
    "publics": (textes.VIDE_FILTRE_PUBLICS, ("public",), {"publics": ()}),
    "annees": (textes.VIDE_FILTRE_ANNEES, ("annees",), {"annee_min": None, "annee_max": None}),
    "texte": (textes.VIDE_FILTRE_TEXTE, ("texte",), {"texte": ""}),
}
SUGGESTIONS = 5


def liftable_filters(selection: ActionFilter) -> list[tuple[str, tuple[str, ...], int]]:
    """The active filters whose removal alone finds actions: (name, widget keys, number found)."""
    found = []
    for name, keys, cleared in _WITHOUT.values():
        relaxed = replace(selection, **cleared)
        if relaxed != selection and (n := cache.count(relaxed)) > 0:
            found.append((name, keys, n))
    return found


#: The value of each cleared widget ("annees" is removed: the slider goes back to every year).
_CLEARED = {"region": None, "departement": None, "epci": None, "commune": None, "fiche": [], "methode": [], "public": [], "texte": ""}


def _lift(keys: tuple[str, ...]) -> None:
    for key in keys:
        if key in _CLEARED:
            st.session_state[key] = _CLEARED[key]
        else:
            st.session_state.pop(key, None)


def show_suggestions(selection: ActionFilter) -> None:
    """What the empty home page offers instead of nothing."""
    st.markdown(f"**{textes.VIDE_PISTES}**")
    for name, keys, n in liftable_filters(selection):
        st.button(textes.VIDE_SANS_FILTRE.format(filtre=name, n=n), key=f"vide.{keys[0]}", on_click=_lift, args=(keys,))
    place = selection.territory()
    if place is None:
        return
    level, code = place
    elsewhere = replace(selection, region=None, departement=None, epci=None, commune=None)
    center = cache.territory_centers(level).get(code)
    if center is not None:
        nearest = cache.nearest(elsewhere, center[0], center[1], SUGGESTIONS)
        if nearest:
            st.markdown(f"**{textes.VIDE_PLUS_PROCHES.format(lieu=label_of(level, code))}**")
            show_link_list(
                (Link(title, action_link(i)), textes.VIDE_DISTANCE.format(km=fmt_number(km, 0), lieu=_place(pl, pc)))
                for i, title, pl, pc, km in nearest
            )
    similar = _similar_with_actions(level, code, elsewhere)
    if similar:
        st.markdown(f"**{textes.VIDE_SEMBLABLES.format(lieu=label_of(level, code))}**")
        show_link_list((Link(label_of(level, c), profile_link(level, c)), textes.COMPTE_ACTIONS.format(n=n)) for c, n in similar)


def _place(level: str, code: str) -> str:
    territory = stores.territories().get(level, code)
    return territory.label if territory else code


def _similar_with_actions(level: str, code: str, elsewhere: ActionFilter) -> list[tuple[str, int]]:
    """Territories of the same level most like this one that have actions of the other filters, with their count."""
    counts = cache.counts_by_territory(elsewhere, level)
    allowed = {c for c, n in counts.items() if n > 0 and c != code}
    indicators = default_similarity_indicators(level)
    if not allowed or not indicators:
        return []
    _matrix, nearest = similar_territories(level, code, indicators, allowed, k=SUGGESTIONS)
    return [(c, counts[c]) for c in nearest["code"]]
