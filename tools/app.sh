#!/usr/bin/env bash
# The README's app command: installs what the app needs (requirements.txt, and Debian's chromium and a CJK
# font for the PDF exports and chart images when they are missing) and opens the app on the demo data,
# through serve.py (the HTTP layer that refuses uploads before sign-in; see docs/reliability.md).
# Extra arguments go to `streamlit run` (for example `bash tools/app.sh --server.port 8502`).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=tools/debian.sh
. tools/debian.sh
# Optional: without them the app still opens, and a PDF export says what is missing.
need_debian_packages --optional chromium fonts-wqy-microhei

# shellcheck source=tools/python.sh
. tools/python.sh
choose_python
"$PY" -m pip install -q -r requirements.txt
exec "$PY" -m streamlit run serve.py "$@"
