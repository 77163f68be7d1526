"""Anning (安宁): the router. Page config, navigation sections and the shared sidebar; nothing else."""

import streamlit as st

from anning.ui import frame as ui

st.set_page_config(page_title="Anning 安宁", page_icon="🛡️", layout="wide")
pg = st.navigation(ui.navigation(ui.current_lang()), position=ui.nav_position())
with ui.shared_frame():
    pg.run()
