"""Configuration of the atlas, read once from ``ATLAS_*`` environment variables.

Every setting has an offline default so that ``streamlit run app.py`` works on a
fresh machine with nothing configured.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_VERSION = "0.4.0"
PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent
#: INSEE "dossier complet" by commune (ZIP of ``dossier_complet.csv``).
INSEE_DOSSIER_URL = "https://www.insee.fr/fr/statistiques/fichier/5359146/dossier_complet.zip"


@dataclass(frozen=True)
class Settings:
    """Resolved settings of one process."""

    database_url: str
    cache_dir: Path
    seed_file: Path
    guide_file: Path
    indicators_file: Path
    contact: str
    environment: str
    insee_dossier_url: str = INSEE_DOSSIER_URL
    insee_cache_dir: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an SQLite file."""
        return self.database_url.startswith("sqlite")

    @property
    def insee_folder(self) -> Path:
        """Where the downloaded INSEE archives are kept (default: ``<cache>/insee``)."""
        return self.insee_cache_dir or self.cache_dir / "insee"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("ATLAS_VAR_DIR", PROJECT_DIR / "var"))
    default_db = f"sqlite:///{var_dir / 'atlas.db'}"
    return Settings(
        database_url=env.get("ATLAS_DATABASE_URL", default_db),
        cache_dir=Path(env.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache")),
        seed_file=Path(env.get("ATLAS_SEED_FILE", DATA_DIR / "shipped" / "actions.yaml")),
        guide_file=Path(env.get("ATLAS_GUIDE_FILE", DATA_DIR / "shipped" / "guide.yaml")),
        indicators_file=Path(env.get("ATLAS_INDICATORS_FILE", DATA_DIR / "shipped" / "indicateurs.yaml")),
        contact=env.get("ATLAS_CONTACT", "l'équipe qui administre cet atlas"),
        environment=env.get("ATLAS_ENV", "production"),
        insee_dossier_url=env.get("ATLAS_INSEE_DOSSIER_URL", INSEE_DOSSIER_URL),
        insee_cache_dir=Path(env["ATLAS_INSEE_CACHE_DIR"]) if env.get("ATLAS_INSEE_CACHE_DIR") else None,
    )


# --- Sign-in (contributions, moderation) -----------------------------------------

AUTH_MODES = ("local", "oidc")


@dataclass(frozen=True)
class AuthSettings:
    """How people sign in (``ATLAS_AUTH_*``, ``ATLAS_OIDC_*``).

    ``mode`` is ``local`` (accounts in the database, the default) or ``oidc``
    (``st.login`` with the provider configured in ``.streamlit/secrets.toml``).
    In OIDC mode the role comes from the claim ``oidc_role_claim`` (a string or a
    list, e.g. Keycloak groups) mapped by ``oidc_role_map`` (``valeur=role,…``;
    role names are accepted as they are), else from the allow-list in the
    ``comptes`` table (by verified e-mail), else the person is a visitor.
    """

    mode: str = "local"
    oidc_provider: str | None = None
    oidc_role_claim: str | None = None
    oidc_role_map: tuple[tuple[str, str], ...] = ()
    max_upload_mb: int = 10
    #: Proxies whose ``X-Forwarded-For`` is believed (``ATLAS_TRUSTED_PROXIES``: addresses or
    #: networks, comma-separated, e.g. ``127.0.0.1,::1,10.0.0.0/8``); empty: the peer's address.
    trusted_proxies: tuple[str, ...] = ()


def _role_map(raw: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in raw.split(","):
        if "=" in item:
            value, role = item.split("=", 1)
            if value.strip() and role.strip():
                pairs.append((value.strip(), role.strip()))
    return tuple(pairs)


def load_auth_settings(env: dict[str, str] | None = None) -> AuthSettings:
    """Read the sign-in settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    mode = env.get("ATLAS_AUTH_MODE", "local").strip().lower()
    return AuthSettings(
        mode=mode if mode in AUTH_MODES else "local",
        oidc_provider=env.get("ATLAS_OIDC_PROVIDER") or None,
        oidc_role_claim=env.get("ATLAS_OIDC_ROLE_CLAIM") or None,
        oidc_role_map=_role_map(env.get("ATLAS_OIDC_ROLE_MAP", "")),
        max_upload_mb=max(1, min(int(env.get("ATLAS_UPLOAD_MAX_MB", "10") or 10), 200)),
        trusted_proxies=tuple(p.strip() for p in env.get("ATLAS_TRUSTED_PROXIES", "").split(",") if p.strip()),
    )
