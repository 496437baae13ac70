"""Tables shown under the map and on the guide pages."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.map import years_label
from components.territory_links import link_column, profile_cell, profile_md_link
from data import textes


def action_link(action_id: int) -> str:
    """Address of an action's page."""
    return f"/action?id={int(action_id)}"


def actions_table(frame: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> None:
    """The selection as a table, one row per action, with a link to its page."""
    if frame.empty:
        return
    table = pd.DataFrame(
        {
            textes.COL_TITRE: frame["titre"],
            textes.COL_LIEU: [
                profile_cell(level, code, labels.get(int(i), ("", ""))[0])
                for i, level, code in zip(frame["id"], frame["niveau_lieu"], frame["code_lieu"])
            ],
            textes.COL_ANNEES: [years_label(d, f) for d, f in zip(frame["annee_debut"], frame["annee_fin"])],
            textes.COL_METHODES: [labels.get(int(i), ("", ""))[1] for i in frame["id"]],
            textes.COL_FICHES: [", ".join(str(n) for n in f) for f in frame["fiches"]],
            textes.COL_LIEN: [action_link(i) for i in frame["id"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            textes.COL_LIEN: st.column_config.LinkColumn(textes.COL_LIEN, display_text=textes.LIEN_VOIR_ACTION),
            textes.COL_LIEU: link_column(textes.COL_LIEU),
        },
        key="tableau_actions",
    )
    action_links_list(frame, labels)


#: Up to this many results, the list of links is shown open under the table.
OPEN_LIST_LIMIT = 20


def action_links_list(frame: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> None:
    """The same rows as plain links (readable by screen readers, reachable with Tab)."""
    from components.markdown import md_link

    lines = [
        f"- {md_link(title, action_link(i))} — {profile_md_link(level, code, labels.get(int(i), ('', ''))[0])}"
        for i, title, level, code in zip(frame["id"], frame["titre"], frame["niveau_lieu"], frame["code_lieu"])
    ]
    if len(lines) <= OPEN_LIST_LIMIT:
        st.markdown("\n".join(lines))
    else:
        with st.expander(textes.LISTE_LIENS.format(n=len(lines))):
            st.markdown("\n".join(lines))


def values_table(values: pd.Series, level: str, indicator_code: str) -> None:
    """The map's colours as a table (the same data, readable without the map)."""
    from components import cache, stores
    from data.formatting import fmt_value

    indicator = next((i for i in cache.indicators() if i.code == indicator_code), None)
    if indicator is None:
        return
    territories = stores.territories()
    frame = pd.DataFrame(
        {
            textes.COL_TERRITOIRE: [
                profile_cell(level, c, t.label if (t := territories.get(level, c)) else c) for c in values.index
            ],
            # Numbers stay numbers (the column sorts by value); the Styler shows them in French.
            textes.COL_VALEUR: pd.to_numeric(values, errors="coerce").to_numpy(dtype=float),
        }
    ).sort_values(textes.COL_VALEUR, ascending=False, na_position="last")
    styled = frame.style.format({textes.COL_VALEUR: lambda v: fmt_value(v, indicator.unite)})
    with st.expander(textes.CARTE_TABLEAU_VALEURS.format(indicateur=indicator.libelle)):
        st.dataframe(
            styled, hide_index=True, width="stretch", key="tableau_valeurs",
            column_config={textes.COL_TERRITOIRE: link_column(textes.COL_TERRITOIRE)},
        )
