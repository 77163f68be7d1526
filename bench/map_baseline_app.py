"""The baseline of ``bench/map_first_visit.py``: Streamlit's own cost of a pydeck map, with nothing of ours.

A heading, a selectbox and a deck of one rectangle over China, the same size and view as the province map, in
the same Streamlit: the browser loads the same deck.gl bundle, parses a tiny JSON and draws one polygon. The
province map's times divided by this page's, measured in the same run, say what the map itself adds on
whatever machine the benchmark ran (a shared machine's absolute times move with its load).

Two pages: ``/deck`` (the deck) and ``/`` (a heading only), from which ``--in-app`` visits follow the
sidebar's link to the deck, as a user follows the app's link from the overview to the map.

Run by the benchmark as ``streamlit run bench/map_baseline_app.py``; not part of the app.
"""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from anning.charts.map import VIEW

st.set_page_config(layout="wide")


def start() -> None:
    """Where an in-app visit starts (``--in-app``): a page with no deck, as the app's overview is for the map."""
    st.title("Baseline: start")
    # The sidebar's link drops the query: keep the canvas width for the deck page.
    if "w" in st.query_params:
        st.session_state["baseline_w"] = st.query_params["w"]


def deck() -> None:
    """One rectangle at the map's view, size and canvas width, and a selectbox that recolours it."""
    st.title("Baseline: one polygon")
    colour = st.selectbox("colour", ["red", "blue"], key="baseline_colour")
    fill = [240, 59, 32, 230] if colour == "red" else [49, 130, 189, 230]
    rectangle = {
        "type": "Feature",
        "properties": {"name": colour},
        "geometry": {"type": "Polygon", "coordinates": [[[80, 20], [130, 20], [130, 50], [80, 50], [80, 20]]]},
    }
    layer = pdk.Layer(
        "GeoJsonLayer", id="baseline", data={"type": "FeatureCollection", "features": [rectangle]}, get_fill_color=fill
    )
    # The benchmark passes the map's canvas width (``?w=``): the same number of pixels to draw.
    width = int(st.query_params.get("w", st.session_state.get("baseline_w", "0"))) or "stretch"
    st.pydeck_chart(
        pdk.Deck(layers=[layer], initial_view_state=VIEW, map_provider=None, height=560),
        key="baseline_deck",
        height=560,
        width=width,
    )


st.navigation([st.Page(start, title="Start", default=True), st.Page(deck, title="Deck", url_path="deck")]).run()
