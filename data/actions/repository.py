"""Reading and writing actions in the database (SQLite or PostgreSQL)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data.actions.coverage import CoverageRow
from data.actions.models import Action, ActionFilter, FicheLink, Source, StoredAction
from data.actions.search import terms
from data.store import schema
from data.store.db import write_transaction

PUBLISHED = "publiee"
SEED_DIGEST_KEY = "seed_digest"
LIST_COLUMNS = [
    "id", "titre", "resume", "lat", "lon", "niveau_lieu", "code_lieu", "commune", "epci",
    "departement", "region", "annee_debut", "annee_fin", "provenance",
    "fiches", "methodes", "publics",
]


@dataclass(frozen=True)
class Selection:
    """What the home map shows for one filter: the count, the rows, the counts per territory."""

    total: int
    rows: pd.DataFrame
    counts: dict[str, int]
    aggregated: bool


@dataclass
class SeedResult:
    """What a seed load changed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    skipped: bool = False
    ids: list[int] = field(default_factory=list)


def utc_now() -> dt.datetime:
    """The current time, in UTC."""
    return dt.datetime.now(dt.UTC)


# The link tables of an action, in the order :func:`link_rows` gives them.
LINKS = {
    "fiches": (schema.action_fiches, ("fiche_numero", "origine")),
    "methodes": (schema.action_methodes, ("methode",)),
    "publics": (schema.action_publics, ("public",)),
    "sources": (schema.action_sources, ("position", "url", "titre")),
}
# Columns of the actions table held by an Action (its links live in the link tables).
COLUMNS = tuple(f.name for f in fields(Action) if f.name not in LINKS and f.name != "external_id")


def record_values(action: Action) -> dict:
    """The columns of the actions table for an action (its external id and links aside)."""
    values = {name: getattr(action, name) for name in COLUMNS}
    values["porteurs"] = list(action.porteurs)
    return values


def link_rows(action: Action) -> dict[str, list[tuple]]:
    """The rows of the linked tables (fiches, methods, publics, sources) for an action."""
    return {
        "fiches": sorted((f.numero, f.origine) for f in action.fiches),
        "methodes": sorted(action.methodes),
        "publics": sorted(action.publics),
        "sources": [(i, s.url, s.titre) for i, s in enumerate(action.sources)],
    }


def stored_action(row: sa.Row, links: dict[str, list[tuple]]) -> StoredAction:
    """A row of the actions table and its links (as :func:`link_rows` gives them) as a StoredAction."""
    content = {f.name: getattr(row, f.name) for f in fields(StoredAction) if f.name not in LINKS}
    content["porteurs"] = tuple(row.porteurs or ())
    return StoredAction(
        **content,
        fiches=tuple(FicheLink(n, o) for n, o in links["fiches"]),
        methodes=tuple(links["methodes"]),
        publics=tuple(links["publics"]),
        sources=tuple(Source(u, t) for _, u, t in links["sources"]),
    )


class ActionRepository:
    """Actions stored through one SQLAlchemy engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    # --- seed -----------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """A value of the atlas_meta table."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(schema.meta.c.valeur).where(schema.meta.c.cle == key)).scalar()

    def set_meta(self, key: str, value: str) -> None:
        """Store a value of the atlas_meta table."""
        with write_transaction(self.engine) as conn:
            self._set_meta(conn, key, value)

    def _set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        updated = conn.execute(sa.update(schema.meta).where(schema.meta.c.cle == key).values(valeur=value))
        if updated.rowcount == 0:
            conn.execute(sa.insert(schema.meta).values(cle=key, valeur=value))

    def sync_seed(self, records: list[Action], digest: str) -> SeedResult:
        """Insert or update the seed's actions in one transaction (idempotent).

        Seed-owned actions that left the file are archived, never deleted.
        """
        result = SeedResult()
        with write_transaction(self.engine) as conn:
            existing = {
                r.external_id: r
                for r in conn.execute(
                    sa.select(schema.actions).where(schema.actions.c.origine == "seed")
                )
            }
            for record in records:
                values = record_values(record)
                links = link_rows(record)
                row = existing.pop(record.external_id, None)
                if row is None:
                    action_id = conn.execute(
                        sa.insert(schema.actions).values(
                            external_id=record.external_id, created_at=utc_now(), updated_at=utc_now(), version=1, **values
                        )
                    ).inserted_primary_key[0]
                    self._write_links(conn, action_id, links)
                    result.created += 1
                elif row.updated_by is not None:
                    # Edited in the app by a moderator: the app's version wins; the
                    # seed no longer owns this row's content.
                    action_id = row.id
                    result.unchanged += 1
                elif self._differs(conn, row, {**values, "statut": row.statut}, links):
                    values = {**values, "statut": row.statut}  # moderation decisions stay
                    action_id = row.id
                    conn.execute(
                        sa.update(schema.actions)
                        .where(schema.actions.c.id == action_id)
                        .values(updated_at=utc_now(), version=row.version + 1, **values)
                    )
                    self._write_links(conn, action_id, links)
                    result.updated += 1
                else:
                    action_id = row.id
                    result.unchanged += 1
                result.ids.append(action_id)
            for row in existing.values():
                if row.statut != "archivee":
                    conn.execute(
                        sa.update(schema.actions)
                        .where(schema.actions.c.id == row.id)
                        .values(statut="archivee", updated_at=utc_now(), version=row.version + 1)
                    )
                    result.archived += 1
            self._set_meta(conn, SEED_DIGEST_KEY, digest)
        return result

    def _differs(self, conn: sa.Connection, row: sa.Row, values: dict, links: dict) -> bool:
        if any(getattr(row, k) != v for k, v in values.items()):
            return True
        return self._read_links(conn, row.id) != links

    def _read_links(self, conn: sa.Connection, action_id: int) -> dict[str, list[tuple]]:
        links = self._links(conn, [action_id])
        return {name: by_id.get(action_id, []) for name, by_id in links.items()}

    def _links(
        self, conn: sa.Connection, ids: sa.Select | list[int], names: tuple[str, ...] = tuple(LINKS)
    ) -> dict[str, dict[int, list]]:
        """Links of the actions ``ids`` selects, per link table then action id, as :func:`link_rows` sorts them."""
        out: dict[str, dict[int, list]] = {}
        for name in names:
            table, columns = LINKS[name]
            by_id: dict[int, list] = {}
            query = sa.select(table.c.action_id, *(table.c[c] for c in columns)).where(table.c.action_id.in_(ids))
            for action_id, *values in conn.execute(query):
                by_id.setdefault(action_id, []).append(tuple(values) if len(values) > 1 else values[0])
            out[name] = {action_id: sorted(values) for action_id, values in by_id.items()}
        return out

    def _write_links(self, conn: sa.Connection, action_id: int, links: dict[str, list]) -> None:
        for table, _columns in LINKS.values():
            conn.execute(sa.delete(table).where(table.c.action_id == action_id))
        self._insert_links(conn, [(action_id, links)])

    def _insert_links(self, conn: sa.Connection, actions: list[tuple[int, dict[str, list]]]) -> None:
        """Insert the links (as :func:`link_rows` gives them) of new actions, one statement per table."""
        for name, (table, columns) in LINKS.items():
            rows = [
                {"action_id": action_id, **dict(zip(columns, row if isinstance(row, tuple) else (row,)))}
                for action_id, links in actions
                for row in links[name]
            ]
            if rows:
                conn.execute(sa.insert(table), rows)

    # --- reading --------------------------------------------------------------
    def _filtered_ids(self, flt: ActionFilter) -> sa.Select:
        a = schema.actions
        query = sa.select(a.c.id).where(a.c.statut == PUBLISHED)
        place = flt.territory()
        if place:
            level, code = place
            query = query.where(getattr(a.c, level) == code)
        if flt.fiches:
            f = schema.action_fiches
            query = query.where(a.c.id.in_(sa.select(f.c.action_id).where(f.c.fiche_numero.in_(flt.fiches))))
        if flt.methodes:
            m = schema.action_methodes
            query = query.where(a.c.id.in_(sa.select(m.c.action_id).where(m.c.methode.in_(flt.methodes))))
        if flt.publics:
            p = schema.action_publics
            query = query.where(a.c.id.in_(sa.select(p.c.action_id).where(p.c.public.in_(flt.publics))))
        if flt.annee_min is not None or flt.annee_max is not None:
            query = query.where(a.c.annee_debut.is_not(None))
            if flt.annee_max is not None:
                query = query.where(a.c.annee_debut <= flt.annee_max)
            if flt.annee_min is not None:
                query = query.where(sa.func.coalesce(a.c.annee_fin, utc_now().year) >= flt.annee_min)
        for term in terms(flt.texte)[:10]:
            query = query.where(self._text_match(term))
        return query

    def _text_match(self, term: str) -> sa.ColumnElement[bool]:
        """Actions whose search text contains ``term`` (already normalised).

        On SQLite, terms of 3 characters or more go through the FTS5 trigram index
        created by migration 0004; PostgreSQL serves LIKE with its trigram index.
        """
        a = schema.actions
        if self.engine.dialect.name == "sqlite" and len(term) >= 3:
            phrase = '"' + term.replace('"', '""') + '"'
            fts = sa.table("actions_fts", sa.column("rowid"))
            match = sa.literal_column("actions_fts").op("MATCH")(sa.bindparam("phrase", phrase, unique=True))
            return a.c.id.in_(sa.select(fts.c.rowid).where(match))
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return a.c.texte_recherche.like(f"%{escaped}%", escape="\\")

    def list_actions(self, flt: ActionFilter | None = None, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Published actions matching ``flt`` (``limit`` of them by title, after ``offset``), with their links as lists."""
        flt = flt or ActionFilter()
        a = schema.actions
        ids_query = self._filtered_ids(flt)
        if limit is not None:
            ids_query = ids_query.order_by(a.c.titre, a.c.id).limit(limit).offset(max(0, int(offset)))
            # Materialise the ids once: a LIMIT inside IN (...) is not portable.
            with self.engine.connect() as conn:
                ids = [r[0] for r in conn.execute(ids_query)]
            ids_query = sa.select(a.c.id).where(a.c.id.in_(ids))
        columns = [getattr(a.c, name) for name in LIST_COLUMNS[:-3]]
        with self.engine.connect() as conn:
            result = conn.execute(sa.select(*columns).where(a.c.id.in_(ids_query)).order_by(a.c.titre, a.c.id))
            frame = _frame(result.fetchall(), LIST_COLUMNS[:-3])
            for name, values in self._list_links(conn, ids_query).items():
                frame[name] = _lists_for(frame["id"], values)
        return frame[LIST_COLUMNS]

    def _list_links(self, conn: sa.Connection, ids_query: sa.Select) -> dict[str, pd.Series]:
        """For each link table, the sorted values per action id (one query and one group-by each)."""
        out: dict[str, pd.Series] = {}
        for name, table, column in (
            ("fiches", schema.action_fiches, schema.action_fiches.c.fiche_numero),
            ("methodes", schema.action_methodes, schema.action_methodes.c.methode),
            ("publics", schema.action_publics, schema.action_publics.c.public),
        ):
            result = conn.execute(
                sa.select(table.c.action_id, column)
                .where(table.c.action_id.in_(ids_query))
                .order_by(table.c.action_id, column)
            )
            out[name] = _grouped(result.fetchall())
        return out

    def get(self, action_id: int, published_only: bool = True) -> StoredAction | None:
        """One action with its links (a published one unless ``published_only`` is False), or None."""
        a = schema.actions
        query = sa.select(a.c.id).where(a.c.id == action_id)
        if published_only:
            query = query.where(a.c.statut == PUBLISHED)
        found = self.stored_actions(query)
        return found[0] if found else None

    def full(self, action_id: int) -> StoredAction | None:
        """Any action, whatever its status, or None."""
        return self.get(action_id, published_only=False)

    def stored_actions(self, ids: sa.Select) -> list[StoredAction]:
        """The actions whose ids ``ids`` selects, with their links, by title then id."""
        a = schema.actions
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a).where(a.c.id.in_(ids)).order_by(a.c.titre, a.c.id)).all()
            links = self._links(conn, ids)
        return [stored_action(r, {name: by_id.get(r.id, []) for name, by_id in links.items()}) for r in rows]

    def nearby(self, action_id: int, radius_km: float = 100.0, limit: int = 5) -> list[tuple[int, str, float]]:
        """Other published actions within ``radius_km``: (id, title, distance in km), nearest first."""
        target = self.get(action_id)
        if target is None:
            return []
        a = schema.actions
        # A bounding box keeps the query on few rows; the exact distance is computed here.
        dlat = radius_km / 111.0
        dlon = radius_km / (111.0 * max(math.cos(math.radians(target.lat)), 0.01))
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(a.c.id, a.c.titre, a.c.lat, a.c.lon).where(
                    a.c.statut == PUBLISHED,
                    a.c.id != action_id,
                    a.c.lat.between(target.lat - dlat, target.lat + dlat),
                    a.c.lon.between(target.lon - dlon, target.lon + dlon),
                )
            ).all()
        found = [(r.id, r.titre, haversine_km(target.lat, target.lon, r.lat, r.lon)) for r in rows]
        found = [f for f in found if f[2] <= radius_km]
        return sorted(found, key=lambda f: (f[2], f[0]))[:limit]

    def nearest(self, flt: ActionFilter, lat: float, lon: float, limit: int = 5) -> list[tuple[int, str, str, str, float]]:
        """The published actions of ``flt`` nearest to a point: (id, title, place level, place code, km), nearest first.

        The database orders by a flat approximation of the distance (degrees of
        longitude shrunk by the cosine of the latitude), the exact distance is
        computed here for the few rows kept.
        """
        a = schema.actions
        shrink = max(math.cos(math.radians(lat)), 0.01)
        approx = (a.c.lat - lat) * (a.c.lat - lat) + (a.c.lon - lon) * (a.c.lon - lon) * (shrink * shrink)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(a.c.id, a.c.titre, a.c.niveau_lieu, a.c.code_lieu, a.c.lat, a.c.lon)
                .where(a.c.id.in_(self._filtered_ids(flt)))
                .order_by(approx, a.c.id)
                .limit(limit * 3)
            ).all()
        found = [(r.id, r.titre, r.niveau_lieu, r.code_lieu, haversine_km(lat, lon, r.lat, r.lon)) for r in rows]
        return sorted(found, key=lambda f: (f[4], f[0]))[:limit]

    def count_matching(self, flt: ActionFilter) -> int:
        """Number of published actions matching ``flt``."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(self._filtered_ids(flt).subquery())).scalar_one()

    def counts_by_territory(self, flt: ActionFilter, level: str) -> dict[str, int]:
        """Published actions matching ``flt`` per territory code of ``level`` (region … commune)."""
        a = schema.actions
        column = getattr(a.c, level)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(column, sa.func.count())
                .where(a.c.id.in_(self._filtered_ids(flt)), column.is_not(None))
                .group_by(column)
            ).all()
        return {code: n for code, n in rows}

    def selection(self, flt: ActionFilter, point_limit: int, table_limit: int, level: str) -> Selection:
        """The count, the rows and, above ``point_limit`` actions, the counts per territory of ``level``."""
        total = self.count_matching(flt)
        aggregated = total > point_limit
        rows = self.list_actions(flt, limit=table_limit if aggregated else point_limit)
        counts = self.counts_by_territory(flt, level) if aggregated else {}
        return Selection(total, rows, counts, aggregated)

    def data_version(self) -> tuple[int, int]:
        """Changes with every insert, update or deletion of an action (row count, sum of versions)."""
        a = schema.actions
        with self.engine.connect() as conn:
            n, total = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(a.c.version), 0))).one()
        return int(n), int(total)

    def explain(self, flt: ActionFilter) -> list[str]:
        """The database's query plan for counting the actions of ``flt`` (one line per step).

        On PostgreSQL sequential scans are disabled for the explanation, so the plan
        shows which index would serve the query once the table is large.
        """
        query = sa.select(sa.func.count()).select_from(self._filtered_ids(flt).subquery())
        sql = str(query.compile(self.engine, compile_kwargs={"literal_binds": True}))
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "sqlite":
                return [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            return [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql)]

    def count_by(self, what: str) -> dict:
        """Number of published actions per fiche number (``fiches``) or per method slug (``methodes``)."""
        table, column = {
            "fiches": (schema.action_fiches, schema.action_fiches.c.fiche_numero),
            "methodes": (schema.action_methodes, schema.action_methodes.c.methode),
            "publics": (schema.action_publics, schema.action_publics.c.public),
        }[what]
        a = schema.actions
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(column, sa.func.count())
                .select_from(table.join(a, a.c.id == table.c.action_id))
                .where(a.c.statut == PUBLISHED)
                .group_by(column)
            ).all()
        return {key: n for key, n in rows}

    def by_illustration(self) -> dict[str, list[tuple[int, str]]]:
        """Published actions that are annex illustrations, per illustration slug."""
        a = schema.actions
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(a.c.illustration, a.c.id, a.c.titre)
                .where(a.c.statut == PUBLISHED, a.c.illustration.is_not(None))
                .order_by(a.c.titre)
            ).all()
        out: dict[str, list[tuple[int, str]]] = {}
        for slug, action_id, title in rows:
            out.setdefault(slug, []).append((action_id, title))
        return out

    def coverage_rows(self) -> list[CoverageRow]:
        """Published actions as rows for ``data.actions.coverage.compute_coverage``."""
        a = schema.actions
        published = sa.select(a.c.id).where(a.c.statut == PUBLISHED)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(a.c.id, a.c.commune, a.c.departement, a.c.region, a.c.provenance, a.c.confiance)
                .where(a.c.statut == PUBLISHED)
                .order_by(a.c.id)
            ).all()
            links = self._links(conn, published, ("fiches", "methodes"))
        return [
            CoverageRow(
                commune=r.commune, departement=r.departement, region=r.region,
                methodes=tuple(sorted(links["methodes"].get(r.id, []))),
                fiches=tuple(sorted({numero for numero, _origine in links["fiches"].get(r.id, [])})),
                provenance=r.provenance, confiance=r.confiance,
            )
            for r in rows
        ]

    def year_bounds(self) -> tuple[int, int] | None:
        """Earliest start year and latest year of published actions."""
        a = schema.actions
        with self.engine.connect() as conn:
            low, high_start, high_end = conn.execute(
                sa.select(sa.func.min(a.c.annee_debut), sa.func.max(a.c.annee_debut), sa.func.max(a.c.annee_fin)).where(
                    a.c.statut == PUBLISHED
                )
            ).one()
        if low is None:
            return None
        return int(low), int(max(high_start, high_end or high_start, utc_now().year))

    def count(self, statut: str = PUBLISHED) -> int:
        """Number of actions with this status."""
        a = schema.actions
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(a).where(a.c.statut == statut)).scalar_one()


def _frame(rows: list, columns: list[str]) -> pd.DataFrame:
    """A DataFrame from result rows, built column by column (no per-row object)."""
    data = list(zip(*rows)) if rows else [()] * len(columns)
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in zip(columns, data)}).infer_objects()


def _grouped(rows: list) -> pd.Series:
    """Rows (id, value) sorted by id → Series of lists of values indexed by id."""
    if not rows:
        return pd.Series([], dtype=object)
    ids, values = zip(*rows)
    ids_array = np.asarray(ids, dtype=np.int64)
    starts = np.flatnonzero(np.diff(ids_array)) + 1
    chunks = np.split(np.asarray(values, dtype=object), starts)
    return pd.Series([chunk.tolist() for chunk in chunks], index=ids_array[np.r_[0, starts]], dtype=object)


def _lists_for(ids: pd.Series, values: pd.Series) -> pd.Series:
    """Values per id as lists aligned on ``ids``; an empty list where an id has none."""
    found = values.reindex(ids.to_numpy())
    out = found.to_numpy(dtype=object, copy=True)
    for position in np.flatnonzero(pd.isna(found).to_numpy()):  # only the ids without any link
        out[position] = []
    return pd.Series(out, index=ids.index, dtype=object)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
