"""Accent- and case-insensitive text normalisation for search."""
from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'’_.,;:!?()\"«»/]+")


def normalize(text: str) -> str:
    """Lowercase, strip accents and punctuation: 'ÉSAT L’Essor' → 'esat l essor'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return _SEPARATORS.sub(" ", plain.lower()).strip()


def terms(query: str) -> list[str]:
    """The normalised words of a search query."""
    return [t for t in normalize(query).split(" ") if t]
