#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, then requirements.txt) and runs
# the whole suite. Extra arguments go to pytest (for example `bash tools/test.sh tests/unit -x`).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: chromium (Playwright end-to-end tests, kaleido chart images, PDF exports),
# a CJK font (Chinese glyphs in screenshots and images), fontconfig (fc-list: the e2e font check) and a Java
# runtime for Apache Spark (tests/scale: Spark in local mode computes the rollups; pyspark needs Java 17+).
# shellcheck source=tools/debian.sh
. tools/debian.sh
need_debian_packages chromium fonts-wqy-microhei fontconfig openjdk-17-jre-headless
# Spark finds Java through JAVA_HOME; point it at the runtime installed above unless one is set.
if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

# shellcheck source=tools/python.sh
. tools/python.sh
choose_python
"$PY" -m pip install -q -r requirements.txt
set +e
"$PY" -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: treating as a failure, because a test run must verify something" >&2
    exit 1
fi
exit "$rc"
