"""Download buttons of the home page: the current selection as CSV, XLSX or GeoJSON.

The file is built only when a button is clicked (``data`` is a callable, run
outside the script); only published actions are exported.
"""
from __future__ import annotations

import streamlit as st

from components import stores
from data import textes
from data.actions.exports import FORMATS, MIME, file_name
from data.actions.models import ActionFilter


def export_buttons(selection: ActionFilter) -> None:
    """Three download buttons for the selection shown on the map."""
    st.subheader(textes.EXPORT_TITRE)
    st.caption(textes.EXPORT_AIDE)
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        column.download_button(
            textes.EXPORT_BOUTONS[fmt],
            data=stores.export_maker(selection, fmt),
            file_name=file_name(fmt),
            mime=MIME[fmt],
            key=f"export.{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )
