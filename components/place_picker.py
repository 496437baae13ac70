"""Choosing the place of an action, three ways, all offline.

* search a commune by name, postal code or INSEE code;
* click on a small map (Leaflet served locally, département shapes, then the
  communes of the département around the chosen place);
* type a latitude and a longitude (checked inside France).

A point is always snapped to its commune: the exact address is never stored.
"""
from __future__ import annotations

from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium

from components import assets, cache, stores
from components.map import escape
from components.markdown import md_escape
from data import textes
from data.actions.places import place_from_point, place_label

PICKER_HEIGHT = 420
STATE = "contrib.lieu"
PICK_STYLE = {"fillColor": "#f4f1ea", "color": "#6b6b6b", "weight": 0.6, "fillOpacity": 1.0}


def _departement_of(lieu: dict[str, Any] | None) -> str | None:
    if not lieu or not lieu.get("code"):
        return None
    if lieu.get("niveau") == "departement":
        return str(lieu["code"])
    for parent in stores.territories().parents(str(lieu.get("niveau", "commune")), str(lieu["code"])):
        if parent.level == "departement":
            return parent.code
    return None


def _escaped_layer(raw: str) -> dict:
    import json

    data = json.loads(raw)
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        feature["properties"] = {"code": escape(props.get("code")), "nom": escape(props.get("nom"))}
    return data


def picker_map(lieu: dict[str, Any] | None) -> folium.Map:
    """A small offline map: départements, the communes of the chosen place's département, its marker."""
    fmap = folium.Map(location=(46.6, 2.5), zoom_start=5, tiles=None, min_zoom=3, max_zoom=14, control_scale=True)
    assets.make_offline(fmap, stores.map_assets())
    fmap.get_root().header.add_child(folium.Element("<style>.leaflet-container{background:#cfe0ec;cursor:crosshair}</style>"))
    folium.GeoJson(
        _escaped_layer(cache.layer_json("departement")),
        name="departements",
        style_function=lambda _f: PICK_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False),
    ).add_to(fmap)
    departement = _departement_of(lieu)
    if departement:
        folium.GeoJson(
            _escaped_layer(cache.layer_json("commune", departement)),
            name="communes",
            style_function=lambda _f: {**PICK_STYLE, "fillOpacity": 0.0, "weight": 0.4},
            tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False),
        ).add_to(fmap)
    if lieu and lieu.get("code"):
        lat, lon = stores.contribution_context().points(str(lieu["niveau"]), str(lieu["code"]))
        folium.CircleMarker((lat, lon), radius=7, color="#b3261e", fill=True, fill_opacity=0.9).add_to(fmap)
        fmap.location = [lat, lon]
        if departement and (bounds := cache.bounds("departement", departement)):
            fmap.fit_bounds(bounds)
    else:
        fmap.fit_bounds([[41.2, -5.3], [51.2, 9.7]])
    return fmap


def _choose(lieu: dict[str, Any]) -> None:
    st.session_state[STATE] = lieu


def _search() -> None:
    text = st.text_input(textes.CONTRIB_LIEU_RECHERCHE, key="contrib.lieu_texte", max_chars=100)
    if not text or not text.strip():
        return
    found = stores.territories().search(text, "commune", limit=10)
    if not found:
        st.warning(md_escape(textes.CONTRIB_LIEU_AUCUN_RESULTAT.format(texte=text.strip()[:80])))
        return
    labels = {t.code: t.label for t in found}
    choice = st.selectbox(
        textes.CONTRIB_LIEU_RESULTATS, list(labels), format_func=labels.get, index=None, placeholder=textes.CHOISIR_OPTION, key="contrib.lieu_choix"
    )
    if choice and choice != st.session_state.get("contrib.lieu_choix_fait"):
        st.session_state["contrib.lieu_choix_fait"] = choice
        _choose({"niveau": "commune", "code": choice, "mode": "recherche"})


def _map(lieu: dict[str, Any] | None) -> str | None:
    st.caption(textes.CONTRIB_LIEU_CARTE_AIDE)
    out = st_folium(
        picker_map(lieu), key="contrib.carte", height=PICKER_HEIGHT, use_container_width=True,
        returned_objects=["last_clicked"],
    )
    clicked = (out or {}).get("last_clicked")
    if not clicked:
        return None
    marker = (round(float(clicked["lat"]), 6), round(float(clicked["lng"]), 6))
    if st.session_state.get("contrib.dernier_clic") == marker:
        return None
    st.session_state["contrib.dernier_clic"] = marker
    chosen, error = place_from_point(stores.contribution_context(), marker[0], marker[1], "carte")
    if chosen:
        _choose(chosen)
        return None
    return error


def _coordinates() -> str | None:
    left, right = st.columns(2)
    lat = left.text_input(textes.CONTRIB_LIEU_LATITUDE, key="contrib.lieu_lat", max_chars=30)
    lon = right.text_input(textes.CONTRIB_LIEU_LONGITUDE, key="contrib.lieu_lon", max_chars=30)
    if not st.button(textes.CONTRIB_LIEU_PLACER, key="contrib.lieu_placer"):
        return None
    chosen, error = place_from_point(stores.contribution_context(), lat, lon, "coordonnees")
    if chosen:
        _choose(chosen)
        return None
    return error


def place_picker() -> dict[str, Any] | None:
    """Draw the place chooser; return the chosen place (kept in the session)."""
    mode = st.radio(
        textes.CONTRIB_LIEU_MODE,
        list(textes.CONTRIB_LIEU_MODES),
        format_func=textes.CONTRIB_LIEU_MODES.get,
        horizontal=True,
        key="contrib.lieu_mode",
    )
    error = None
    if mode == "recherche":
        _search()
    elif mode == "carte":
        error = _map(st.session_state.get(STATE))
    else:
        error = _coordinates()
    if error:
        st.error(md_escape(error))
    lieu = st.session_state.get(STATE)
    if lieu and lieu.get("code"):
        st.success(md_escape(textes.CONTRIB_LIEU_CHOISI.format(lieu=place_label(stores.contribution_context(), lieu))))
    else:
        st.info(textes.CONTRIB_LIEU_AUCUN)
    return lieu
