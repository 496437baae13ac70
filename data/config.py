"""Configuration of the atlas, read once from ``ATLAS_*`` environment variables.

Every setting has an offline default so that ``streamlit run app.py`` works on a
fresh machine with nothing configured.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one process."""

    database_url: str
    cache_dir: Path
    seed_file: Path
    guide_file: Path
    environment: str

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an SQLite file."""
        return self.database_url.startswith("sqlite")


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("ATLAS_VAR_DIR", PROJECT_DIR / "var"))
    default_db = f"sqlite:///{var_dir / 'atlas.db'}"
    return Settings(
        database_url=env.get("ATLAS_DATABASE_URL", default_db),
        cache_dir=Path(env.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache")),
        seed_file=Path(env.get("ATLAS_SEED_FILE", DATA_DIR / "seed" / "actions.yaml")),
        guide_file=Path(env.get("ATLAS_GUIDE_FILE", DATA_DIR / "seed" / "guide.yaml")),
        environment=env.get("ATLAS_ENV", "production"),
    )
