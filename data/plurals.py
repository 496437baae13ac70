"""Catalogue texts whose words agree with a number: ``{n:action|actions}``.

French takes the singular for 0 and 1 (« 0 action », « 1 commune ») and the plural
from 2 on. No import from the rest of the project (``data.textes`` builds on it).
"""
from __future__ import annotations

import re
import string
from typing import Any

_DIGITS = re.compile(r"[^\d]")


def is_plural(n: object) -> bool:
    """True when ``n`` (a number, or a text holding one like ``"1 234"``) takes the plural."""
    if isinstance(n, str):
        digits = _DIGITS.sub("", n.split(",")[0])
        n = int(digits) if digits else 0
    try:
        return abs(float(n)) >= 2  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def plural(n: object, one: str, many: str) -> str:
    """``one`` or ``many`` as ``n`` asks: ``plural(1, "action", "actions")`` → ``"action"``."""
    return many if is_plural(n) else one


class _AgreeingFormatter(string.Formatter):
    """``{n:mot|mots}`` gives the word that agrees with ``n``; other fields as ``str.format``."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return plural(value, one, many)
        return super().format_field(value, format_spec)


_FORMATTER = _AgreeingFormatter()


class Plural(str):
    """A catalogue text with agreeing words: ``Plural("{n} {n:action|actions}").format(n=1)`` → ``"1 action"``."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        """The text with its fields filled in, each ``{x:one|many}`` agreeing with ``x``."""
        return _FORMATTER.vformat(str(self), args, kwargs)
