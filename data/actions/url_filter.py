"""The map's address as a selection: ``?region=75&departement=47&fiche=3&texte=…``.

One reading of the query parameters for the home map (which seeds its widgets with
it) and for the open-data feeds (``/api/actions.geojson``, ``/api/actions.csv``), so
a feed URL made from a map URL selects exactly the actions the map shows. Garbage
in an address is ignored, never an error.
"""
from __future__ import annotations

from typing import Any

from data.actions.models import ActionFilter

Params = dict[str, list[str]]
TERRITORY_KEYS = ("region", "departement", "epci", "commune")
#: Parameters of the map's address that select actions (the others only change the drawing).
FILTER_KEYS = (*TERRITORY_KEYS, "fiche", "methode", "public", "annee_min", "annee_max", "texte")
MAX_VALUES = 50
MAX_LENGTH = 200


def capped(params: dict[str, list[str]]) -> Params:
    """At most 50 parameters of at most 50 values of at most 200 characters each."""
    return {k: [v[:MAX_LENGTH] for v in list(values)[:MAX_VALUES]] for k, values in list(params.items())[:MAX_VALUES]}


def is_plain_int(text: str, max_digits: int = 12) -> bool:
    """True for a string of 1 to ``max_digits`` ASCII digits ("²" is a digit for
    ``str.isdigit`` but not for ``int``; 5,000 digits exceed ``int``'s limit)."""
    return 0 < len(text) <= max_digits and text.isascii() and text.isdigit()


def ints(values: list[str]) -> list[int]:
    """All values as integers (invalid ones dropped)."""
    return [int(v.strip()) for v in values if is_plain_int(v.strip(), 5)]


def first_value(params: Params, name: str) -> str | None:
    """The first value of parameter ``name``, or None."""
    return params[name][0] if params.get(name) else None


def fiches(params: Params) -> list[int] | None:
    """Fiche numbers 1 to 26 of ``fiche``."""
    return [n for n in ints(params.get("fiche", [])) if 1 <= n <= 26] or None


def slugs(params: Params, name: str, known: Any) -> list[str] | None:
    """Values of ``name`` accepted by ``known`` (the guide's ``methode`` or ``public``)."""
    return [s for s in params.get(name, []) if known(s)] or None


def year_range(params: Params, years: tuple[int, int]) -> tuple[int, int] | None:
    """``annee_min``/``annee_max`` inside the data's ``years``; None when they do not narrow it."""
    low = ints(params.get("annee_min", [])) or [years[0]]
    high = ints(params.get("annee_max", [])) or [years[1]]
    low_i, high_i = max(low[0], years[0]), min(high[0], years[1])
    return (low_i, high_i) if low_i <= high_i and (low_i, high_i) != years else None


def text(params: Params) -> str | None:
    """The free-text search, stripped."""
    return (params["texte"][0].strip() or None) if params.get("texte") else None


def territory_codes(params: Params, territories: Any) -> dict[str, str | None]:
    """The territories of the address as the map's selectors keep them: a département
    inside the région, an EPCI and a commune only under a département."""
    def valid(level: str, code: str | None, within: tuple[str, str] | None) -> str | None:
        if not code or territories.get(level, code) is None:
            return None
        if within is not None and code not in territories.children(within[0], within[1], level):
            return None
        return code

    region = valid("region", first_value(params, "region"), None)
    departement = valid("departement", first_value(params, "departement"), ("region", region) if region else None)
    epci = commune = None
    if departement:
        epci = valid("epci", first_value(params, "epci"), ("departement", departement))
        commune = valid("commune", first_value(params, "commune"), ("epci", epci) if epci else ("departement", departement))
    return {"region": region, "departement": departement, "epci": epci, "commune": commune}


def action_filter(params: Params, guide: Any, territories: Any, years: tuple[int, int] | None) -> ActionFilter:
    """The selection the home map shows for these query parameters."""
    params = capped(params)
    span = year_range(params, years) if years else None
    return ActionFilter(
        **territory_codes(params, territories),
        fiches=tuple(sorted(fiches(params) or ())),
        methodes=tuple(sorted(slugs(params, "methode", guide.methode) or ())),
        publics=tuple(sorted(slugs(params, "public", guide.public) or ())),
        annee_min=span[0] if span and years and span[0] > years[0] else None,
        annee_max=span[1] if span and years and span[1] < years[1] else None,
        texte=text(params) or "",
    )
