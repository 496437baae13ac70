"""Small validators shared by every loader; each returns a French message or None."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from data import textes

YEAR_MIN = 1950
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Also removed from texts: C1 controls, invisible characters that split words for the
# search (soft hyphen, zero-width space, word joiner, byte order mark) and the
# bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069),
# which can make a title display reversed ("spoofing"). Right-to-left scripts, LRM/RLM
# marks and the zero-width (non-)joiners of emoji and Persian are kept. Lone surrogates
# (a JSON file may hold "\\ud800") cannot be written in UTF-8 by any database driver.
INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def year_max() -> int:
    """Latest plausible year for an action (next year, for planned starts)."""
    return dt.date.today().year + 1


def clean_text(value: Any) -> str:
    """Strip surrounding blanks, control characters (NUL included) and bidirectional
    overrides; compose accents (NFC) so that « é » is stored one way only."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", INVISIBLE_RE.sub("", str(value))).strip()


def check_text(value: Any, max_len: int, required: bool = True) -> str | None:
    """Error message for a text that is missing or too long."""
    text = clean_text(value)
    if not text:
        return textes.ERR_CHAMP_OBLIGATOIRE if required else None
    if len(text) > max_len:
        return textes.ERR_TEXTE_LONG.format(n=len(text), max=max_len)
    return None


def check_url(value: Any) -> str | None:
    """Error message unless ``value`` is a complete http(s) address."""
    url = clean_text(value)
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or "." not in parts.netloc
        or any(c.isspace() for c in url)
        or len(url) > 2000
    ):
        return textes.ERR_URL.format(url=url[:80])
    return None


def parse_int(value: Any) -> int | None:
    """An int from an int or a digit string; raise ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise ValueError(value)


def check_year(value: int | None) -> str | None:
    """Error message when a year is outside the plausible range."""
    if value is None:
        return None
    if not YEAR_MIN <= value <= year_max():
        return textes.ERR_ANNEE.format(annee=value, min=YEAR_MIN, max=year_max())
    return None


def check_slug(value: Any) -> str | None:
    """Error message unless ``value`` is a lowercase ASCII slug."""
    text = clean_text(value)
    if not text or not SLUG_RE.match(text) or len(text) > 120:
        return textes.ERR_IDENTIFIANT.format(valeur=text[:80])
    return None
