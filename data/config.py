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
    indicator_sources: Path = DATA_DIR / "shipped" / "sources-indicateurs"

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
        indicator_sources=Path(env.get("ATLAS_INDICATEURS_SOURCES", DATA_DIR / "shipped" / "sources-indicateurs")),
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


# --- App server (session cookie, embedding, HTTPS) ----------------------------------


@dataclass(frozen=True)
class ServerSettings:
    """The HTTP layer's settings (``ATLAS_SECRET_KEY``, ``ATLAS_SESSION_IDLE_HOURS``,
    ``ATLAS_EMBED_ORIGINS``, ``ATLAS_HTTPS``).

    ``secret_key`` signs the session cookie; without ``ATLAS_SECRET_KEY`` a random key
    is generated once and kept in ``<ATLAS_VAR_DIR>/secret_key`` (replicas must then
    share that folder, or all be given the same ``ATLAS_SECRET_KEY``).
    """

    secret_key: str
    session_idle_hours: float = 8.0
    embed_origins: tuple[str, ...] = ()
    https: bool = False


def _embed_origins(raw: str) -> tuple[str, ...]:
    """Origins allowed to frame the map-only view: ``https://host[:port]`` items, others dropped."""
    found = []
    for item in raw.replace(",", " ").split():
        item = item.strip().rstrip("/")
        scheme, _, host = item.partition("://")
        if scheme in ("http", "https") and host and all(c.isalnum() or c in ".-:[]" for c in host):
            found.append(f"{scheme}://{host.lower()}")
    return tuple(dict.fromkeys(found))


def _stored_secret(var_dir: Path) -> str:
    """The generated secret kept in ``var_dir`` (created on first use, readable by its owner only)."""
    import secrets

    path = var_dir / "secret_key"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 32:
            return value
    except OSError:
        pass
    var_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(value, encoding="utf-8")
    tmp.chmod(0o600)
    try:
        os.link(tmp, path)  # the first process to store a key wins; the others read it
    except FileExistsError:
        value = path.read_text(encoding="utf-8").strip()
    finally:
        tmp.unlink(missing_ok=True)
    return value


def load_server_settings(env: dict[str, str] | None = None) -> ServerSettings:
    """Read the app server's settings from ``env`` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    try:
        idle = float(env.get("ATLAS_SESSION_IDLE_HOURS", "8") or 8)
    except ValueError:
        idle = 8.0
    secret = env.get("ATLAS_SECRET_KEY", "").strip()
    if len(secret) < 32:
        secret = _stored_secret(Path(env.get("ATLAS_VAR_DIR", PROJECT_DIR / "var")))
    return ServerSettings(
        secret_key=secret,
        session_idle_hours=max(0.05, min(idle, 24 * 30)),
        embed_origins=_embed_origins(env.get("ATLAS_EMBED_ORIGINS", "")),
        https=env.get("ATLAS_HTTPS", "").strip().lower() in ("1", "true", "oui", "yes"),
    )
