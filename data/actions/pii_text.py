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
from urllib.parse import unquote

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_DROP = {"\u00ad", "\u034f", "\u180e"}  # soft hyphen and other invisible joiners (besides category Cf)


@dataclass(frozen=True)
class Normalised:
    """The folded text, and for each of its characters the original span ``[start, end)``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded characters ``[start, end)``."""
        if end <= start:
            return self.starts[start] if start < len(self.starts) else 0, self.starts[start] if start < len(self.starts) else 0
        return self.starts[start], self.ends[end - 1]


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
        if unicodedata.category(part) == "Mn":  # accents and other combining marks
            continue
        if unicodedata.category(part) == "Zs":
            out.append(" ")
        elif unicodedata.category(part) == "Pd":
            out.append("-")
        else:
            out.append(part)
    return "".join(out)


def _decoded_pieces(text: str) -> list[tuple[str, int, int]]:
    """The text as (piece, original start, original end), entities and %XX runs decoded."""
    pieces: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            m = _ENTITY.match(text, i)
            if m:
                decoded = html.unescape(m.group(0))
                if decoded != m.group(0):
                    pieces.append((decoded, i, m.end()))
                    i = m.end()
                    continue
        elif ch == "%":
            m = _PERCENT.match(text, i)
            if m:
                decoded = unquote(m.group(0), errors="strict") if _utf8(m.group(0)) else None
                if decoded is not None and decoded.isprintable():
                    pieces.append((decoded, i, m.end()))
                    i = m.end()
                    continue
        pieces.append((ch, i, i + 1))
        i += 1
    return pieces


def _utf8(encoded: str) -> bool:
    try:
        bytes.fromhex(encoded.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def normalise(text: str) -> Normalised:
    """``text`` folded for matching, with the original span of every folded character."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for piece, start, end in _decoded_pieces(text):
        for ch in piece:
            for out in _fold_char(ch):
                chars.append(out)
                starts.append(start)
                ends.append(end)
    return Normalised("".join(chars), tuple(starts), tuple(ends))
