"""Where an action is: territory columns, map point and search text; a typed place to a commune."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from data import textes
from data.actions.search import normalize
from data.validation import clean_text

PointFinder = Callable[[str, str], tuple[float, float]]


class TerritoryLookup(Protocol):
    """What actions need from ``geo.territories.Territories``."""

    def get(self, level: str, code: str) -> Any: ...

    def parents(self, level: str, code: str) -> list[Any]: ...

    def search(self, text: str, level: str = "commune", limit: int = 10) -> list[Any]: ...


class Locator(Protocol):
    """What validation needs from ``geo.locate.PointLocator``."""

    def locate(self, lat: float, lon: float) -> str | None: ...


def place_columns(territories: TerritoryLookup, level: str, code: str) -> dict[str, str | None]:
    """Commune, EPCI, département and région codes of a place (from its parents)."""
    columns: dict[str, str | None] = {"commune": None, "epci": None, "departement": None, "region": None}
    territory = territories.get(level, code)
    chain = [territory, *territories.parents(level, code)]
    for item in chain:
        if item.level in columns and columns[item.level] is None:
            columns[item.level] = item.code
    return columns


def place_fields(
    territories: TerritoryLookup, points: PointFinder, level: str, code: str, words: list[str]
) -> dict[str, Any]:
    """Place columns, map point and search text of an action placed at ``level:code``.

    ``words`` are the action's own words (title, summary, carriers); the names of the
    place and of its parents are added to the search text. A place missing from the
    simplified layers takes the point of its nearest parent (a few merged communes
    have no contour).
    """
    chain = [territories.get(level, code), *territories.parents(level, code)]
    lat, lon = _first_point(points, [(t.level, t.code) for t in chain])
    return {
        **place_columns(territories, level, code),
        "lat": lat,
        "lon": lon,
        "texte_recherche": normalize(" ".join([*words, *(t.nom for t in chain)])),
    }


def _first_point(points: PointFinder, places: list[tuple[str, str]]) -> tuple[float, float]:
    for item_level, item_code in places:
        try:
            return points(item_level, item_code)
        except (KeyError, IndexError):
            continue
    raise KeyError(places[0][1])


class PlaceContext(Protocol):
    """What the place look-ups need from a validation context (see ``validation.Context``)."""

    territories: TerritoryLookup
    points: PointFinder
    locator: Locator | None


def place_from_point(ctx: PlaceContext, lat: Any, lon: Any, mode: str) -> tuple[dict[str, Any] | None, str | None]:
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


def place_from_text(ctx: PlaceContext, text: str, mode: str = "recherche") -> tuple[dict[str, Any] | None, str | None]:
    """The best commune for a name, an INSEE code or a postal code."""
    found = ctx.territories.search(clean_text(text), "commune", limit=1) if clean_text(text) else []
    if not found:
        return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=clean_text(text)[:80])
    return {"niveau": "commune", "code": found[0].code, "mode": mode}, None


def place_label(ctx: PlaceContext, lieu: dict[str, Any] | None) -> str:
    """'Mézin (47)' for a chosen place, '' when none."""
    if not lieu:
        return ""
    try:
        territory = ctx.territories.get(lieu.get("niveau", ""), lieu.get("code", ""))
    except ValueError:
        territory = None
    return territory.label if territory else str(lieu.get("code", ""))
