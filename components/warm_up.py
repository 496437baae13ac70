"""Warm-up at server start: load the libraries and read what the home page's first run needs.

Without it the first visitor after a start waits for the imports (SQLAlchemy, pandas,
GeoPandas, the components), the opening of the database, the territories and the
shapes: about 2.5 s on two cores, on top of the browser's own loading. The app server's
lifespan (``server/__init__.py``) starts :func:`start` in a thread while it begins to
answer; the browser loads Streamlit's scripts meanwhile.

Only standard-library imports at the top: ``navigation.py`` imports this module first
and calls :func:`wait` before importing anything else, so two threads never import the
same modules at once (a concurrent circular import can fail in Python).
"""
from __future__ import annotations

import logging
import threading
import time

_LOG = logging.getLogger("atlas.warm_up")
_DONE = threading.Event()
_STARTED = threading.Event()
#: Longest a page run waits for the warm-up (it then does the work itself).
WAIT_SECONDS = 120.0


def start() -> threading.Thread:
    """Run the warm-up in a background thread (once per process) and return it."""
    _STARTED.set()
    thread = threading.Thread(target=_run, name=_THREAD_NAME, daemon=True)
    thread.start()
    return thread


def wait() -> None:
    """Block until the warm-up started at server start has finished (no wait without one)."""
    if _STARTED.is_set():
        _DONE.wait(WAIT_SECONDS)


class _OutsideRunNotice(logging.Filter):
    """Drops Streamlit's "missing ScriptRunContext" notice for this thread: it reads caches outside a page run on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != _THREAD_NAME


_THREAD_NAME = "atlas-warm-up"


def _run() -> None:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_OutsideRunNotice())
    begin = time.perf_counter()
    try:
        warm()
        _LOG.info("préchauffage terminé en %.1f s", time.perf_counter() - begin)
    except Exception:  # noqa: BLE001 - the first page run meets the same fault and explains it
        _LOG.exception("préchauffage interrompu : la première page fera le travail")
    finally:
        _DONE.set()


def warm() -> None:
    """Import the pages' modules, open the atlas and read the home page's default selection once."""
    import components.auth  # noqa: F401 - the modules every page run imports
    import components.guard  # noqa: F401
    import components.page_setup  # noqa: F401
    import components.embed_view  # noqa: F401
    import components.empty_selection  # noqa: F401
    import components.exports_view  # noqa: F401
    import components.tables  # noqa: F401
    from components import action_map, cache, stores
    from components.page_setup import settle_heap
    from data.actions.models import ActionFilter

    if not stores.open_for_warm_up():
        return  # the shapes are not prepared yet: the first visitor's run shows their progress
    cache.indicators()
    cache.indicator_levels()
    cache.families()
    cache.year_bounds()
    action_map.overseas_zones()
    cache.selection(ActionFilter(), action_map.POINT_LIMIT, action_map.TABLE_LIMIT, "departement")
    stores.layer_url("departement")
    stores.map_libraries()
    settle_heap("")  # the home page's collection and freeze, done here rather than after its first run
