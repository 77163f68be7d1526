#!/usr/bin/env bash
# Sourced by tools/app.sh and tools/test.sh: `choose_python` sets PY to the Python that installs the
# requirements and runs Anning. In order: $PYTHON when set; the active virtual environment's python; python3,
# unless it is a Python the system manages (PEP 668: Debian's own python3 refuses `pip install`), in which case
# a project virtual environment, .venv (git-ignored), made once with that python3 (Debian's python3-venv is
# installed first when missing).

choose_python() {
    if [ -n "${PYTHON:-}" ]; then
        PY=$PYTHON
    elif [ -n "${VIRTUAL_ENV:-}" ]; then
        PY=python
    elif python3 -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")) else 1)'; then
        if [ ! -x .venv/bin/python ]; then
            need_debian_packages python3-venv
            python3 -m venv .venv
        fi
        PY=.venv/bin/python
    else
        PY=python3
    fi
    export PY
}
