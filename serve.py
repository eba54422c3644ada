"""The dashboard's server entry point: `streamlit run serve.py` (scripts/start.sh).

``st.App`` runs dashboard.py exactly as `streamlit run dashboard.py` would, with one addition: the
upload guard (app_pages/upload_guard.py) in front of Streamlit's own upload route, so only sessions
of signed-in reporters on the Report progress page can store files there, one at a time (issue 12,
item 8). `streamlit run dashboard.py` still works for development, without that guard.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from app_pages.upload_guard import UploadGuard

app = st.App("dashboard.py", middleware=[Middleware(UploadGuard)])
