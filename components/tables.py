"""Tables of the home page: the selection's actions (pages of 50, links in the same tab) and the map's values."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import cache, labels
from components.html_view import Cell, Link, show_table
from components.links import page_link
from components.map import years_label
from components.territory_links import profile_link
from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_number


def action_link(action_id: int) -> str:
    """Address of an action's page."""
    return f"/action?id={int(action_id)}"


#: Rows per page of the table under the map (the export gives the whole selection).
PAGE_SIZE = 50


def action_rows(frame: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> list[list[Cell]]:
    """Rows of the table: title (link to the action), place (link to its profile), years, methods, fiches."""
    return [
        [
            Link(str(title), action_link(i)),
            Link(labels.get(int(i), ("", ""))[0], profile_link(level, code)),
            years_label(debut, fin),
            labels.get(int(i), ("", ""))[1],
            ", ".join(str(n) for n in fiches),
        ]
        for i, title, level, code, debut, fin, fiches in zip(
            frame["id"], frame["titre"], frame["niveau_lieu"], frame["code_lieu"],
            frame["annee_debut"], frame["annee_fin"], frame["fiches"],
        )
    ]


def actions_table(frame: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> None:
    """One page of the selection as a table: each title opens its action, each place its profile, in the same tab."""
    if frame.empty:
        return
    columns = [textes.COL_TITRE, textes.COL_LIEU, textes.COL_ANNEES, textes.COL_METHODES, textes.COL_FICHES]
    show_table(columns, action_rows(frame, labels), caption=textes.TABLEAU_TITRE)


def table_page(
    selection: ActionFilter, rows: pd.DataFrame, row_labels: dict[int, tuple[str, str]], aggregated: bool, page: int
) -> tuple[pd.DataFrame, dict[int, tuple[str, str]]]:
    """The rows of one page of the table and their labels.

    When the map shows each action, the rows are already read (a slice); when it
    shows counts, only the first page came with them and another page is one query.
    """
    start = (page - 1) * PAGE_SIZE
    if aggregated and page > 1:
        frame = cache.actions(selection, limit=PAGE_SIZE, offset=start)
        return frame, labels.popup_labels(frame)
    return rows.iloc[start:start + PAGE_SIZE], row_labels


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Number of pages of ``total`` rows (at least 1)."""
    return max(1, -(-int(total) // size))


def pager(total: int, key: str = "page") -> int:
    """Previous / next buttons over the table's pages; returns the page shown (from 1).

    The page is kept in the session under ``key`` (and in the address by the
    page's filters); it goes back to 1 when it is past the last page.
    """
    pages = page_count(total)
    current = st.session_state.get(key)
    if not isinstance(current, int) or isinstance(current, bool) or not 1 <= current <= pages:
        current = 1
    st.session_state[key] = current
    if pages == 1:
        return 1
    left, middle, right = st.columns([1, 2, 1], vertical_alignment="center")
    left.button(textes.PAGE_PRECEDENTE, key=f"{key}.precedente", disabled=current == 1,
                on_click=_turn, args=(key, -1), icon=":material/chevron_left:")
    first = (current - 1) * PAGE_SIZE + 1
    middle.markdown(textes.PAGE_POSITION.format(
        debut=fmt_number(first, 0), fin=fmt_number(min(total, current * PAGE_SIZE), 0), total=fmt_number(total, 0),
        page=fmt_number(current, 0), pages=fmt_number(pages, 0),
    ))
    right.button(textes.PAGE_SUIVANTE, key=f"{key}.suivante", disabled=current == pages,
                 on_click=_turn, args=(key, 1), icon=":material/chevron_right:")
    return current


def _turn(key: str, step: int) -> None:
    st.session_state[key] = int(st.session_state.get(key) or 1) + step


def values_table(values: pd.Series, level: str, indicator_code: str) -> None:
    """The map's colours as a table (the same data, readable without the map)."""
    from components import stores
    from data.formatting import fmt_value

    indicator = next((i for i in cache.indicators() if i.code == indicator_code), None)
    if indicator is None:
        return
    territories = stores.territories()
    frame = pd.DataFrame(
        {
            "code": values.index,
            textes.COL_TERRITOIRE: [t.label if (t := territories.get(level, c)) else c for c in values.index],
            # Numbers stay numbers (the column sorts by value); the Styler shows them in French.
            textes.COL_VALEUR: pd.to_numeric(values, errors="coerce").to_numpy(dtype=float),
        }
    ).sort_values(textes.COL_VALEUR, ascending=False, na_position="last").reset_index(drop=True)
    styled = frame.style.format({textes.COL_VALEUR: lambda v: fmt_value(v, indicator.unite)})
    with st.expander(textes.CARTE_TABLEAU_VALEURS.format(indicateur=indicator.libelle)):
        # A table sortable by value; choosing a row offers its profile, in the same tab.
        event = st.dataframe(
            styled, hide_index=True, width="stretch", key="tableau_valeurs", column_order=[textes.COL_TERRITOIRE, textes.COL_VALEUR],
            on_select="rerun", selection_mode="single-row",
        )
        rows = event.selection.rows if event else []
        if rows and 0 <= rows[0] < len(frame):
            chosen = frame.iloc[rows[0]]
            page_link(textes.VOIR_PROFIL_DE.format(nom=chosen[textes.COL_TERRITOIRE]), profile_link(level, chosen["code"]))
        else:
            st.caption(textes.TABLEAU_VALEURS_AIDE)
