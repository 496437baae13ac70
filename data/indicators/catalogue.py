"""Indicators of social development: catalogue, aggregation and storage.

Values are stored for every level where they make sense (commune, EPCI,
département, région, and ``france``). Upper levels are computed from communes:
sums are summed, ratios are recomputed from summed numerators and denominators,
weighted means use their weight; an average of rates is never taken.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
import yaml

from data.files.yamlfile import read_text
from data.store import schema, versions
from data.store.db import write_transaction

AGGREGATIONS = ("somme", "ratio", "moyenne_ponderee", "aucune")
SPEC_KEYS = ("numerateur", "denominateur", "facteur", "variables", "bornes", "poids", "fichiers", "evolution")
LEVELS = ("commune", "epci", "departement", "region", "france")
FRANCE_CODE = "FR"
_YEAR_RE = re.compile(r"(\d{4})")


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue."""

    code: str
    libelle: str
    definition: str
    unite: str
    famille: str
    origine: str
    source: str
    agregation: str
    millesime: str | None = None
    source_url: str | None = None
    spec: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    fiches: tuple[int, ...] = ()
    illustration: str | None = None
    lien_fiches: str | None = None
    position: int = 0

    @property
    def bounds(self) -> tuple[float, float] | None:
        """Plausible range of values, if the catalogue gives one."""
        bornes = self.spec.get("bornes")
        return (float(bornes[0]), float(bornes[1])) if bornes else None

    @property
    def is_percent(self) -> bool:
        """True for indicators expressed in %."""
        return self.unite == "%"


@dataclass(frozen=True)
class Family:
    """A family of indicators (one chart per family on profiles)."""

    slug: str
    libelle: str


def load_catalogue(path: Path) -> tuple[list[Family], list[Indicator]]:
    """Read the shipped indicator catalogue (YAML)."""
    data = yaml.safe_load(read_text(path))
    families = [Family(f["slug"], f["libelle"]) for f in data["familles"]]
    indicators = []
    for position, item in enumerate(data["indicateurs"]):
        spec = {k: item[k] for k in SPEC_KEYS if k in item}
        indicators.append(
            Indicator(
                code=item["code"],
                libelle=item["libelle"],
                definition=item["definition"],
                unite=item["unite"],
                famille=item["famille"],
                origine=item["origine"],
                source=item["source"],
                agregation=item["agregation"],
                millesime=item.get("millesime"),
                source_url=item.get("source_url"),
                spec=spec,
                fiches=tuple(item.get("fiches") or ()),
                illustration=item.get("illustration"),
                lien_fiches=item.get("lien_fiches"),
                position=position,
            )
        )
    return families, indicators


# --- aggregation ---------------------------------------------------------------------


def aggregate(
    communes: pd.DataFrame,
    membership: pd.DataFrame,
    agregation: str,
    facteur: float = 1.0,
) -> pd.DataFrame:
    """Values at every level from commune components.

    ``communes`` has a ``code`` column and, by ``agregation``: ``valeur`` (somme,
    aucune), ``numerateur`` and ``denominateur`` (ratio), ``valeur`` and ``poids``
    (moyenne_ponderee). Missing data is NaN, never 0. ``membership`` maps each
    commune ``code`` to its ``epci``, ``departement`` and ``region`` ("" when none).
    Returns columns ``niveau``, ``code``, ``valeur``.
    """
    frame = communes.merge(membership, on="code", how="inner")
    frame["france"] = FRANCE_CODE
    out = [_commune_values(frame, agregation, facteur)]
    if agregation != "aucune":
        for level in ("epci", "departement", "region", "france"):
            members = frame.loc[frame[level].astype(str) != ""]
            values = _group_values(members, level, agregation, facteur).sort_index()
            out.append(pd.DataFrame({"niveau": level, "code": values.index.astype(str), "valeur": values.to_numpy()}))
    return pd.concat(out, ignore_index=True)


def _commune_values(frame: pd.DataFrame, agregation: str, facteur: float) -> pd.DataFrame:
    if agregation == "ratio":
        den = frame["denominateur"].where(frame["denominateur"] > 0)
        values = frame["numerateur"] / den * facteur
    else:
        values = frame["valeur"]
    return pd.DataFrame({"niveau": "commune", "code": frame["code"].astype(str), "valeur": values.astype(float)})


def _group_values(frame: pd.DataFrame, level: str, agregation: str, facteur: float) -> pd.Series:
    """Vectorised aggregation of the communes of ``frame`` by ``level``."""
    keys = frame[level].astype(str)
    if agregation == "somme":
        # A sum with a missing member would be wrong: it stays missing.
        sums = frame["valeur"].groupby(keys).sum()
        complete = frame["valeur"].notna().groupby(keys).all()
        return sums.where(complete)
    if agregation == "ratio":
        both = frame["numerateur"].notna() & frame["denominateur"].notna()
        num = frame["numerateur"].where(both, 0.0).groupby(keys).sum()
        den = frame["denominateur"].where(both, 0.0).groupby(keys).sum()
        return (num / den.where(den > 0)) * facteur
    if agregation == "moyenne_ponderee":
        both = frame["valeur"].notna() & frame["poids"].notna()
        weighted = (frame["valeur"] * frame["poids"]).where(both, 0.0).groupby(keys).sum()
        weights = frame["poids"].where(both, 0.0).groupby(keys).sum()
        return weighted / weights.where(weights > 0)
    raise ValueError(f"agrégation inconnue : {agregation}")


# --- storage -------------------------------------------------------------------------


def _indicator_row(indicator: Indicator) -> dict[str, Any]:
    return {
        "libelle": indicator.libelle,
        "definition": indicator.definition,
        "unite": indicator.unite,
        "famille": indicator.famille,
        "origine": indicator.origine,
        "source": indicator.source,
        "source_url": indicator.source_url,
        "millesime": indicator.millesime,
        "agregation": indicator.agregation,
        "spec": indicator.spec,
        "fiches": list(indicator.fiches),
        "illustration": indicator.illustration,
        "lien_fiches": indicator.lien_fiches,
        "position": indicator.position,
    }


#: Key of the indicators' data version in the ``atlas_meta`` table.
VERSION_KEY = "version_indicateurs"


class IndicatorStore:
    """Indicators and their values in the database."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def save_indicator(self, indicator: Indicator) -> bool:
        """Insert or update one catalogue entry; True when something changed."""
        table = schema.indicateurs
        values = _indicator_row(indicator)
        with write_transaction(self.engine) as conn:
            row = conn.execute(sa.select(table).where(table.c.code == indicator.code)).first()
            if row is None:
                conn.execute(sa.insert(table).values(code=indicator.code, **values))
                versions.bump(conn, VERSION_KEY)
                return True
            if all(getattr(row, k) == v for k, v in values.items()):
                return False
            conn.execute(sa.update(table).where(table.c.code == indicator.code).values(**values))
            versions.bump(conn, VERSION_KEY)
            return True

    def indicators(self, with_values_only: bool = False) -> list[Indicator]:
        """The catalogue as stored, in display order."""
        table = schema.indicateurs
        query = sa.select(table).order_by(table.c.position, table.c.code)
        if with_values_only:
            values = schema.indicateur_valeurs
            query = query.where(table.c.code.in_(sa.select(values.c.indicateur).distinct()))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            Indicator(
                code=r.code, libelle=r.libelle, definition=r.definition, unite=r.unite, famille=r.famille,
                origine=r.origine, source=r.source, agregation=r.agregation, millesime=r.millesime,
                source_url=r.source_url, spec=dict(r.spec or {}), fiches=tuple(r.fiches or ()),
                illustration=r.illustration, lien_fiches=r.lien_fiches, position=r.position,
            )
            for r in rows
        ]

    def replace_values(self, indicator_code: str, millesime: str, values: pd.DataFrame) -> tuple[int, int]:
        """Store the values of one indicator and vintage in one transaction.

        Rows already stored with the same value are left alone (re-importing the
        same file changes nothing). Returns (rows written, rows unchanged).
        """
        with write_transaction(self.engine) as conn:
            return _replace_in(conn, indicator_code, millesime, values)

    def replace_vintages(self, indicator_code: str, frames: dict[str, pd.DataFrame]) -> int:
        """Store several vintages of one indicator in one transaction; return the rows written."""
        written = 0
        with write_transaction(self.engine) as conn:
            for millesime, values in frames.items():
                written += _replace_in(conn, indicator_code, millesime, values)[0]
        return written

    def data_version(self) -> int:
        """A number that changes with every write to the catalogue or its values."""
        return versions.read(self.engine, VERSION_KEY)

    def values(self, indicator_code: str, level: str, millesime: str | None = None) -> pd.Series:
        """Values of one indicator at one level, indexed by territory code (NaN = no data).

        Without ``millesime``, each territory gets its most recent vintage (the
        year in the label decides: see :func:`vintage_key`).
        """
        table = schema.indicateur_valeurs
        query = sa.select(table.c.code, table.c.millesime, table.c.valeur).where(
            table.c.indicateur == indicator_code, table.c.niveau == level
        )
        if millesime is not None:
            query = query.where(table.c.millesime == millesime)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        best: dict[str, tuple[tuple[int, str], float]] = {}
        for code, vintage, value in rows:
            key = vintage_key(vintage)
            if code not in best or key > best[code][0]:
                best[code] = (key, math.nan if value is None else value)
        return pd.Series({c: v for c, (_k, v) in sorted(best.items())}, dtype=float)

    def series(self, indicator_code: str, level: str, code: str) -> dict[str, float]:
        """Every stored vintage of one indicator for one territory, oldest first."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table.c.millesime, table.c.valeur).where(
                    table.c.indicateur == indicator_code, table.c.niveau == level, table.c.code == code
                )
            ).all()
        return {v: (math.nan if x is None else x) for v, x in sorted(rows, key=lambda r: vintage_key(r[0]))}

    def latest_vintage(self, indicator_code: str) -> str | None:
        """The most recent vintage stored for an indicator."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(table.c.millesime).where(table.c.indicateur == indicator_code).distinct()).scalars().all()
        return max(found, key=vintage_key) if found else None

    def territory_values(self, level: str, code: str) -> dict[str, float]:
        """Latest value of every indicator for one territory (NaN when stored as missing)."""
        return {k: v for k, (_vintage, v) in self.territory_rows(level, code).items()}

    def territory_rows(self, level: str, code: str) -> dict[str, tuple[str, float]]:
        """Latest (vintage, value) of every indicator stored for one territory."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table.c.indicateur, table.c.millesime, table.c.valeur)
                .where(table.c.niveau == level, table.c.code == code)
            ).all()
        out: dict[str, tuple[str, float]] = {}
        for indicator, vintage, value in sorted(rows, key=lambda r: (r[0], vintage_key(r[1]))):
            out[indicator] = (vintage, math.nan if value is None else value)
        return out

    def matrix(self, level: str, codes: list[str]) -> pd.DataFrame:
        """Latest values of several indicators at one level: one row per territory."""
        series = {c: self.values(c, level) for c in codes}
        return pd.DataFrame(series)

    def levels(self) -> dict[str, list[str]]:
        """For each indicator, the levels where it has values."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.indicateur, table.c.niveau).distinct()).all()
        out: dict[str, list[str]] = {}
        for code, level in rows:
            out.setdefault(code, []).append(level)
        return {code: [lv for lv in LEVELS if lv in found] for code, found in out.items()}

    def vintages(self) -> dict[str, str]:
        """Latest vintage of each indicator that has values."""
        return {code: found[-1] for code, found in self.vintage_lists().items()}

    def vintage_lists(self) -> dict[str, list[str]]:
        """Every vintage stored for each indicator, oldest first."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.indicateur, table.c.millesime).distinct()).all()
        out: dict[str, list[str]] = {}
        for code, vintage in rows:
            out.setdefault(code, []).append(vintage)
        return {code: sorted(found, key=vintage_key) for code, found in out.items()}

    def counts(self) -> dict[tuple[str, str], int]:
        """Number of territories with a value (not NULL), by indicator and level, latest vintages mixed."""
        table = schema.indicateur_valeurs
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(table.c.indicateur, table.c.niveau, sa.func.count(sa.distinct(table.c.code)))
                .where(table.c.valeur.is_not(None))
                .group_by(table.c.indicateur, table.c.niveau)
            ).all()
        return {(i, n): c for i, n, c in rows}

    def count_values(self) -> int:
        """Number of stored values (all indicators)."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(schema.indicateur_valeurs)).scalar_one()


def vintage_key(label: str | None) -> tuple[int, str]:
    """Sort key of a vintage label: the last four-digit year in it, then the label.

    ``"2021"`` < ``"Filosofi 2021"`` < ``"publication 2022"``: a newer year wins
    whatever its wording.
    """
    years = _YEAR_RE.findall(label or "")
    return (int(years[-1]) if years else -1, label or "")


def _replace_in(conn: sa.Connection, indicator_code: str, millesime: str, values: pd.DataFrame) -> tuple[int, int]:
    """Body of :meth:`IndicatorStore.replace_values` inside an open write transaction."""
    table = schema.indicateur_valeurs
    numbers = pd.to_numeric(values["valeur"], errors="coerce").astype(float).tolist()
    incoming = {
        (n, c): (None if math.isnan(v) else v)
        for n, c, v in zip(values["niveau"].astype(str).tolist(), values["code"].astype(str).tolist(), numbers)
    }
    current = {
        (r.niveau, r.code): r.valeur
        for r in conn.execute(
            sa.select(table.c.niveau, table.c.code, table.c.valeur).where(
                table.c.indicateur == indicator_code, table.c.millesime == millesime
            )
        )
    }
    changed = [k for k, v in incoming.items() if k not in current or not _same(current[k], v)]
    removed = [k for k in current if k not in incoming]
    scope = (table.c.indicateur == indicator_code, table.c.millesime == millesime)
    if len(changed) + len(removed) > 500:
        conn.execute(sa.delete(table).where(*scope))
        changed = list(incoming)
    else:
        for level, code in [k for k in changed if k in current] + removed:
            conn.execute(sa.delete(table).where(*scope, table.c.niveau == level, table.c.code == code))
    rows = [(indicator_code, millesime, n, c, incoming[(n, c)]) for n, c in changed]
    _insert_rows(conn, rows)
    if changed or removed:
        versions.bump(conn, VERSION_KEY)
    return len(changed), len(incoming) - len(changed)


def _insert_rows(conn: sa.Connection, rows: list[tuple]) -> None:
    """Insert value rows through the driver's ``executemany`` (SQLite and PostgreSQL placeholders)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        "INSERT INTO indicateur_valeurs (indicateur, millesime, niveau, code, valeur) "
        f"VALUES ({', '.join([mark] * 5)})"
    )
    for start in range(0, len(rows), 5000):
        conn.exec_driver_sql(sql, rows[start : start + 5000])


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
