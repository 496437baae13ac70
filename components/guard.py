"""The database fault guard: a locked, read-only, full, missing or unreachable database."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st

from data import textes
from data.config import Settings, load_settings
from data.store.db import DatabaseUnavailable, sqlite_file, unavailable

#: What a database fault can be raised as (``except guard.DATABASE_ERRORS``).
DATABASE_ERRORS = (DatabaseUnavailable, sa.exc.DBAPIError)


def opening_reason(exc: BaseException, s: Settings) -> str:
    """Why the database could not be opened, in French."""
    if isinstance(exc, OSError):
        path = sqlite_file(s.database_url)
        if path is not None and not path.parent.is_dir():
            return textes.BASE_DOSSIER_IMPOSSIBLE.format(dossier=path.parent)
        return textes.BASE_PANNE_RAISONS["disque"]
    fault = unavailable(exc, s.database_url)
    return fault.raison if fault is not None else type(getattr(exc, "orig", None) or exc).__name__


def database_fault(exc: BaseException) -> DatabaseUnavailable | None:
    """The fault behind a database error (locked, read-only, full, missing, unreachable), or None."""
    return unavailable(exc, load_settings().database_url)


@contextmanager
def database_guard() -> Iterator[None]:
    """Run a page; a database fault shows a French message and stops the run.

    ``st.stop()`` keeps every widget's value in the session: what was being typed
    comes back on the next run, once the database answers again.
    """
    try:
        yield
    except DATABASE_ERRORS as exc:
        fault = database_fault(exc)
        if fault is None:
            raise
        st.error(textes.BASE_PANNE_SAISIE.format(raison=fault.raison))
        st.stop()
