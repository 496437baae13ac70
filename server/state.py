"""The app server's own handle on the atlas (one per process, opened on first use)."""
from __future__ import annotations

import threading

from data.atlas import Atlas, open_atlas
from data.config import load_settings

_LOCK = threading.Lock()
_OPENED: dict[str, Atlas] = {}


def atlas() -> Atlas:
    """The atlas of this process's settings (migrated and loaded once, like the pages')."""
    settings = load_settings()
    key = f"{settings.database_url}|{settings.cache_dir}"
    with _LOCK:
        if key not in _OPENED:
            _OPENED[key] = open_atlas(settings)
        return _OPENED[key]
