"""Tables shown under the map and on the guide pages."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.map import years_label
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
            textes.COL_LIEU: [labels.get(int(i), ("", ""))[0] for i in frame["id"]],
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
        },
        key="tableau_actions",
    )
    action_links_list(frame, labels)


#: Up to this many results, the list of links is shown open under the table.
OPEN_LIST_LIMIT = 20


def action_links_list(frame: pd.DataFrame, labels: dict[int, tuple[str, str]]) -> None:
    """The same rows as plain links (readable by screen readers, reachable with Tab)."""
    from components.markdown import md_escape, md_link

    lines = [
        f"- {md_link(title, action_link(i))} — {md_escape(labels.get(int(i), ('', ''))[0])}"
        for i, title in zip(frame["id"], frame["titre"])
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
            textes.COL_TERRITOIRE: [(t.label if (t := territories.get(level, c)) else c) for c in values.index],
            textes.COL_VALEUR: [fmt_value(v, indicator.unite) for v in values.to_numpy()],
            "tri": values.to_numpy(),
        }
    ).sort_values("tri", ascending=False, na_position="last").drop(columns="tri")
    with st.expander(textes.CARTE_TABLEAU_VALEURS.format(indicateur=indicator.libelle)):
        st.dataframe(frame, hide_index=True, width="stretch", key="tableau_valeurs")
