"""Bulk import of declared actions from CSV, XLSX or GeoJSON (uMap exports included).

Two steps, so that a person sees everything before anything is written:

1. :func:`preview` reads the file **in memory** (never from a path a user chose,
   never executed: no formula is evaluated, no pickle, no macro), maps its columns,
   validates every row with the contribution form's validator and returns an
   :class:`ImportReport` (each row with its errors). Rows read = accepted + rejected.
   Reading is :mod:`data.actions.import_read`, a row's form :mod:`data.actions.import_rows`.
2. :func:`commit` writes the accepted new rows in **one transaction** (all or
   none) as ``soumise``, provenance ``declaree``, origine ``import``. A process
   killed half-way leaves none of them; a locked, full or read-only database
   raises ``data.store.db.DatabaseUnavailable`` (French message) with nothing written.

Idempotence: each row carries an external id, the file's ``identifiant`` column,
or when absent a stable hash of the normalised title, place and start date
(``imp-<20 hex>``): re-importing the same file creates nothing new. A row whose id
is already used by an action with another title is rejected (two teams using
"1, 2, 3" never overwrite each other).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from data import textes
from data.accounts.roles import SUBMITTED, User
from data.actions.import_read import MAX_BYTES, read_upload
from data.actions.import_rows import (
    Vocabulary,
    field_label,
    flatten_errors,
    resolve_place,
    row_saisie,
    stable_id,
    text_of,
)
from data.actions.models import Action
from data.actions.validation import Context, validate
from data.actions.workflow import ContributionStore
from geo.territories import normalize as normalize_name

Progress = Callable[[float, str], None]
REQUIRED = ("titre", "resume")
PLACE_COLUMNS = ("code_lieu", "code_commune", "commune", "code_postal", "latitude")


@dataclass
class RowResult:
    """One row of the file after validation."""

    line: int
    external_id: str
    titre: str
    errors: list[str]
    status: str  # "nouvelle", "deja_presente" or "rejetee"
    raw: dict[str, Any]
    contribution: Action | None = None


@dataclass
class ImportReport:
    """What a file holds and what an import would do (or did)."""

    file_name: str
    format: str
    encoding: str | None
    rows: list[RowResult] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def read(self) -> int:
        """Rows read from the file."""
        return len(self.rows)

    @property
    def accepted(self) -> int:
        """Valid rows (new ones and those already imported)."""
        return sum(r.status != "rejetee" for r in self.rows)

    @property
    def rejected(self) -> int:
        """Rows with at least one error."""
        return sum(r.status == "rejetee" for r in self.rows)

    @property
    def new(self) -> int:
        """Valid rows that an import would create."""
        return sum(r.status == "nouvelle" for r in self.rows)

    @property
    def existing(self) -> int:
        """Valid rows already in the atlas (nothing to create)."""
        return sum(r.status == "deja_presente" for r in self.rows)

    def summary_line(self) -> str:
        """``read=N accepted=A rejected=R`` (the command line's last line)."""
        return f"read={self.read} accepted={self.accepted} rejected={self.rejected}"


def _existing_titles(store: ContributionStore, ids: list[str]) -> dict[str, str]:
    from data.store import schema

    a = schema.actions.c
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            out.update(dict(conn.execute(sa.select(a.external_id, a.titre).where(a.external_id.in_(chunk))).all()))
    return out


def preview(
    data: bytes,
    file_name: str,
    ctx: Context,
    store: ContributionStore,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportReport:
    """Read and validate a whole file; nothing is written."""
    report_progress = progress or (lambda _f, _m: None)
    report_progress(0.0, textes.IMPORT_ACT_LECTURE)
    table = read_upload(data, max_bytes)
    report = ImportReport(file_name=file_name, format=table.format, encoding=table.encoding, unknown_columns=table.unknown_columns)
    present = set(table.columns)
    missing = [name for name in REQUIRED if name not in present]
    if not present & set(PLACE_COLUMNS) and table.format != "geojson":
        missing.append("lieu")
    report.missing_columns = missing
    if missing:
        message = textes.IMPORT_ACT_COLONNES_MANQUANTES.format(colonnes=", ".join(field_label(m) for m in missing))
        report.rows = [
            RowResult(line, text_of(row.get("external_id")), text_of(row.get("titre"))[:200], [message], "rejetee", row)
            for line, row in zip(table.lines, table.rows)
        ]
        return report

    # Points first, all at once (much faster than one by one).
    located: dict[int, str | None] = {}
    need = [
        i for i, row in enumerate(table.rows)
        if not text_of(row.get("code_lieu")) and not text_of(row.get("code_commune")) and (text_of(row.get("latitude")) or text_of(row.get("longitude")))
    ]
    if need and ctx.locator is not None:
        lats, lons = [], []
        for i in need:
            try:  # both parsed before either is kept: a valid latitude with a bad longitude
                lat = float(text_of(table.rows[i].get("latitude")).replace(",", "."))
                lon = float(text_of(table.rows[i].get("longitude")).replace(",", "."))
            except ValueError:
                lat = lon = float("nan")
            lats.append(lat)
            lons.append(lon)
        many = getattr(ctx.locator, "locate_many", None)
        codes = many(lats, lons) if many else [ctx.locator.locate(y, x) for y, x in zip(lats, lons)]
        located = dict(zip(need, codes))

    vocabulary = Vocabulary(ctx)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    total = max(len(table.rows), 1)
    for i, (line, row) in enumerate(zip(table.lines, table.rows)):
        lieu, place_error = resolve_place(ctx, row, located.get(i))
        saisie = row_saisie(row, vocabulary, lieu)
        external_id = text_of(row.get("external_id"))[:120] or stable_id(saisie)
        validation = validate(saisie, ctx, external_id, origine="import", statut=SUBMITTED)
        errors = flatten_errors(validation.errors)
        if place_error and "lieu" not in validation.errors:
            errors.append(f"{field_label('lieu')} : {place_error}")
        elif place_error:
            errors = [e for e in errors if not e.startswith(field_label("lieu"))] + [f"{field_label('lieu')} : {place_error}"]
        if line in table.rejected:  # a NUL byte in a cell: this row only is refused
            errors.insert(0, table.rejected[line])
        if external_id in seen:
            errors.append(textes.IMPORT_ACT_DOUBLON.format(ligne=seen[external_id]))
        else:
            seen[external_id] = line
        results.append(
            RowResult(
                line, external_id, text_of(row.get("titre"))[:200], errors, "rejetee" if errors else "nouvelle", row,
                None if errors else validation.contribution,
            )
        )
        if i % 500 == 0:
            report_progress(0.1 + 0.8 * i / total, textes.IMPORT_ACT_VALIDATION.format(n=i, total=len(table.rows)))

    candidates = [r.external_id for r in results if r.status == "nouvelle"]
    existing = _existing_titles(store, candidates)
    for result in results:
        if result.status != "nouvelle" or result.external_id not in existing:
            continue
        stored_title = existing[result.external_id]
        if result.contribution is not None and normalize_name(stored_title) == normalize_name(result.contribution.titre):
            result.status = "deja_presente"
        else:
            result.status = "rejetee"
            result.contribution = None
            result.errors.append(textes.IMPORT_ACT_ID_PRIS.format(identifiant=result.external_id[:60], titre=stored_title[:80]))
    report.rows = results
    report_progress(1.0, textes.IMPORT_ACT_PRET)
    return report


class ImportConflictError(RuntimeError):
    """Another import wrote some of the same actions meanwhile; nothing was written."""


def commit(
    report: ImportReport, store: ContributionStore, user: User, progress: Progress | None = None
) -> int:
    """Write the accepted new rows in one transaction (all or none); return how many."""
    report_progress = progress or (lambda _f, _m: None)
    new = [r for r in report.rows if r.status == "nouvelle" and r.contribution is not None]
    already = store.existing_external_ids([r.external_id for r in new])
    for row in new:
        if row.external_id in already:
            row.status = "deja_presente"
    todo = [r for r in new if r.status == "nouvelle"]
    report_progress(0.0, textes.IMPORT_ACT_ECRITURE)
    try:
        created = store.insert_many(
            user,
            [r.contribution for r in todo if r.contribution is not None],
            source=report.file_name[:120],
            progress=lambda f: report_progress(f, textes.IMPORT_ACT_ECRITURE),
        )
    except sa.exc.IntegrityError as exc:
        raise ImportConflictError(textes.IMPORT_ACT_CONFLIT) from exc
    report.created = created
    return created


def rejected_rows_csv(report: ImportReport) -> bytes:
    """The rejected rows and their reasons, as a CSV for Excel (``;``, UTF-8 BOM)."""
    from data.actions.exports import neutralise

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([textes.IMPORT_ACT_COL_LIGNE, textes.IMPORT_ACT_COL_IDENTIFIANT, textes.IMPORT_ACT_COL_TITRE, textes.IMPORT_ACT_COL_MOTIFS])
    for row in report.rows:
        if row.status == "rejetee":
            writer.writerow([row.line, neutralise(row.external_id), neutralise(row.titre), neutralise(" ; ".join(row.errors))])
    return out.getvalue().encode("utf-8-sig")
