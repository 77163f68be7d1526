"""Anning's server: ``streamlit run serve.py`` (the app is ``app.py``; this file puts Anning's HTTP layer in front).

``st.App`` runs the same router as ``streamlit run app.py``, with ASGI middleware ahead of every
Streamlit route: :class:`anning.ui.gate.UploadGate` refuses file uploads from sessions whose user
may not load data, before a byte of the body is read (issue 15, finding 1), and
:class:`anning.ui.gate.SocketLimit` caps the WebSocket sessions one client address may hold. The
app refuses to show real data when it is served without this gate.
"""

import streamlit as st
from starlette.middleware import Middleware

from anning.core import config
from anning.ui import gate

config.private_files()  # every file the server creates is 0600 (store, workflow, audit log, archive)
gate.return_large_buffers()  # a refused frame's buffer goes back to the system, not into the heap

app = st.App(
    "app.py",
    middleware=[Middleware(gate.SocketLimit), Middleware(gate.UploadGate)],
    routes=gate.routes(),  # /anning/session: sets and clears the HttpOnly sign-in cookie
)
