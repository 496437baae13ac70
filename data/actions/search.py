"""Accent- and case-insensitive text normalisation for the free-text search of actions."""
from __future__ import annotations

import re

from geo.territories import normalize as normalize_name

_PUNCTUATION = re.compile(r"[.,;:!?()\"«»/_\[\]{}<>|+*=#%&@$~^\\]+")


def normalize(text: str) -> str:
    """Like place-name normalisation, punctuation dropped too: 'ÉSAT, L’Essor' → 'esat l essor'."""
    return " ".join(_PUNCTUATION.sub(" ", normalize_name(text)).split())


def terms(query: str) -> list[str]:
    """The normalised words of a search query."""
    return [t for t in normalize(query).split(" ") if t]
