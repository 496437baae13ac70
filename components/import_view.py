"""``/import``: upload, preview every row with its errors, then import on confirmation.

The file is read from memory (``UploadedFile.getvalue()``), never written to disk,
and its name is only displayed. The preview is kept in the session, keyed on the
file's SHA-256, so a rerun never validates twice and a confirmed import is not
repeated by a second click (it would create nothing anyway: imports are idempotent).
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components import stores
from components.markdown import md_escape
from data import textes
from data.accounts.roles import User
from data.actions.imports import (
    ImportConflictError,
    ImportReport,
    commit,
    preview,
    rejected_rows_csv,
)
from data.files.tabular import ImportFileError

I = "imp."
ACCEPTED_TYPES = ["csv", "txt", "xlsx", "geojson", "json", "umap"]
PREVIEW_ROWS = 5000


def upload() -> tuple[str, bytes] | None:
    """The uploaded file's displayed name and bytes, or None."""
    max_mb = stores.auth_settings().max_upload_mb
    uploaded = st.file_uploader(
        textes.IMPORT_ACT_FICHIER.format(max=max_mb), type=ACCEPTED_TYPES, key=I + "fichier", max_upload_size=max_mb
    )
    if uploaded is None:
        return None
    return uploaded.name[:120], uploaded.getvalue()


def current_report(name: str, content: bytes) -> ImportReport | None:
    """The preview of this file (validated once, with a progress bar)."""
    digest = hashlib.sha256(content).hexdigest()
    if st.session_state.get(I + "digest") != digest:
        st.session_state.pop(I + "report", None)
        st.session_state.pop(I + "fait", None)
        bar = st.progress(0.0, text=textes.IMPORT_ACT_LECTURE)
        try:
            report = preview(
                content, name, stores.contribution_context(), stores.contributions(),
                progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m),
                max_bytes=stores.auth_settings().max_upload_mb * 1024 * 1024,
            )
        except ImportFileError as exc:
            bar.empty()
            st.error(md_escape(str(exc)))
            return None
        bar.empty()
        st.session_state[I + "digest"] = digest
        st.session_state[I + "report"] = report
    return st.session_state.get(I + "report")


def show_report(report: ImportReport) -> None:
    """Counts, format, unknown columns, the rows with their errors and the rejected-rows download."""
    st.subheader(textes.IMPORT_ACT_APERCU)
    encoding = textes.IMPORT_ACT_ENCODAGE.format(encodage=report.encoding) if report.encoding else ""
    st.caption(textes.IMPORT_ACT_FORMAT.format(format=report.format.upper(), encodage=encoding))
    if report.unknown_columns:
        st.caption(md_escape(textes.IMPORT_ACT_COLONNES_INCONNUES.format(colonnes=", ".join(report.unknown_columns[:30]))))
    st.info(
        textes.IMPORT_ACT_BILAN.format(
            lues=report.read, acceptees=report.accepted, nouvelles=report.new, presentes=report.existing,
            rejetees=report.rejected,
        )
    )
    rows = sorted(report.rows, key=lambda r: (r.status != "rejetee", r.line))[:PREVIEW_ROWS]
    table = pd.DataFrame(
        {
            textes.IMPORT_ACT_COL_LIGNE: [r.line for r in rows],
            textes.IMPORT_ACT_COL_IDENTIFIANT: [r.external_id for r in rows],
            textes.IMPORT_ACT_COL_TITRE: [r.titre for r in rows],
            textes.IMPORT_ACT_COL_ETAT: [textes.IMPORT_ACT_ETATS[r.status] for r in rows],
            textes.IMPORT_ACT_COL_MOTIFS: [" ; ".join(r.errors) for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch", key=I + "apercu")
    if report.rejected:
        st.download_button(
            textes.IMPORT_ACT_REJETS, rejected_rows_csv(report), file_name="lignes-rejetees.csv", mime="text/csv",
            key=I + "rejets", on_click="ignore",
        )


def confirm(report: ImportReport, user: User) -> None:
    """The import button (all accepted new rows in one transaction), then the result."""
    done = st.session_state.get(I + "fait")
    if done is not None:
        st.success(textes.IMPORT_ACT_FAIT.format(n=done))
        return
    if report.new == 0:
        st.info(textes.IMPORT_ACT_RIEN)
        return
    if not st.button(textes.IMPORT_ACT_CONFIRMER.format(n=report.new), type="primary", key=I + "confirmer"):
        return
    bar = st.progress(0.0, text=textes.IMPORT_ACT_ECRITURE)
    try:
        created = commit(report, stores.contributions(), user, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
    except ImportConflictError as exc:
        bar.empty()
        st.error(md_escape(str(exc)))
        return
    bar.empty()
    st.session_state[I + "fait"] = created
    st.success(textes.IMPORT_ACT_FAIT.format(n=created))
