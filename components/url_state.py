"""Keep a page's filters in the URL query parameters, with readable codes.

Widget binding would put display labels in the URL ("Lot-et-Garonne (47)"); the
atlas writes codes instead (``?departement=47&fiche=3&fiche=5``). Parameters are
read into the widgets' state on the first run of a session (a pasted link), and
the URL is rewritten after every run from the widgets' values.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from data.actions.url_filter import capped, ints, is_plain_int  # noqa: F401 - one parsing, re-exported

Params = dict[str, list[str]]
Parser = Callable[[Params], Any]


def url_params() -> Params:
    """The URL's query parameters, each as a list of (length-capped) strings."""
    return capped({k: st.query_params.get_all(k) for k in list(st.query_params)[:50]})


def seed_from_url(page: str, parsers: dict[str, Parser]) -> None:
    """On a session's first run of ``page``, copy valid URL values into widget state.

    ``parsers`` maps a widget key to a function of all URL parameters that returns
    the widget's value, or None when the URL says nothing valid about it (garbage
    in a URL is ignored, never an error).
    """
    flag = f"{page}.url_lue"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    params = url_params()
    for key, parse in parsers.items():
        try:
            value = parse(params)
        except (ValueError, TypeError, IndexError):
            value = None
        if value is not None:
            st.session_state[key] = value


def write_to_url(values: dict[str, str | list[str] | None]) -> None:
    """Replace the URL query parameters with the non-empty ``values``."""
    wanted = {k: v for k, v in values.items() if v not in (None, "", [])}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)


def first(name: str) -> Parser:
    """Parser of the first value of parameter ``name``."""
    return lambda params: params[name][0] if params.get(name) else None


def query_int(name: str, max_digits: int = 12) -> int | None:
    """The URL parameter ``name`` as a positive integer, or None for anything else."""
    raw = st.query_params.get(name, "")
    return int(raw) if is_plain_int(raw, max_digits) else None
