"""Normalise a text before looking for personal data, keeping where each character came from.

What copy-paste produces is folded into plain ASCII-like text: HTML entities
(``&#64;``, ``&nbsp;``, ``&commat;``) and percent-encoding (``%40``, ``%20``) decoded,
compatibility forms folded (Unicode NFKD: fullwidth ``０６`` → ``06``, ``＠`` → ``@``),
accents removed (``née`` → ``nee``, also when typed as a letter plus a combining
accent), every kind of space (U+00A0, U+202F, U+2009…) made a plain space, every dash
a ``-``, zero-width and other invisible format characters dropped. Each character of
the result knows the span of the original it came from, so findings point into the
text the person typed.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ENCODED = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|(?:%[0-9A-Fa-f]{2})+")
_DROP = {"\u00ad", "\u034f", "\u180e"}  # soft hyphen and other invisible joiners (besides category Cf)


@dataclass(frozen=True)
class Normalised:
    """The folded text, and for each of its characters the original span ``[start, end)``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded characters ``[start, end)``."""
        if end <= start:  # an empty span: where it would start
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width space / joiners, BOM, bidi marks
        return ""
    if category == "Zs" or ch in "\t\u2028\u2029\u0085":
        return " "
    if category == "Pd" or ch in "\u2212\u2043":  # hyphens, en/em dashes, minus sign
        return "-"
    out = []
    for part in unicodedata.normalize("NFKD", ch):
        kind = unicodedata.category(part)
        if kind == "Mn":  # accents and other combining marks
            continue
        out.append(" " if kind == "Zs" else "-" if kind == "Pd" else part)
    return "".join(out)


def _decode(encoded: str) -> str | None:
    """The characters an HTML entity or a run of ``%XX`` stands for (None: leave as typed)."""
    if encoded.startswith("&"):
        decoded = html.unescape(encoded)
        return decoded if decoded != encoded else None
    try:
        decoded = bytes.fromhex(encoded.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if decoded.isprintable() else None


def normalise(text: str) -> Normalised:
    """``text`` folded for matching, with the original span of every folded character."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def plain(a: int, b: int) -> None:
        segment = text[a:b]
        if segment.isascii():  # the common case: only a tab changes
            chars.append(segment.replace("\t", " "))
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
            return
        for offset, ch in enumerate(segment):
            folded = ch if ch.isascii() and ch != "\t" else _fold_char(ch)
            chars.append(folded)
            starts.extend([a + offset] * len(folded))
            ends.extend([a + offset + 1] * len(folded))

    last = 0
    for m in _ENCODED.finditer(text):
        decoded = _decode(m.group(0))
        if decoded is None:
            continue
        plain(last, m.start())
        for ch in decoded:
            folded = _fold_char(ch)
            chars.append(folded)
            starts.extend([m.start()] * len(folded))
            ends.extend([m.end()] * len(folded))
        last = m.end()
    plain(last, len(text))
    return Normalised("".join(chars), tuple(starts), tuple(ends))
