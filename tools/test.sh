#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, then requirements.txt) and runs
# the whole suite. Extra arguments go to pytest (for example `bash tools/test.sh tests/unit -x`).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: chromium (Playwright end-to-end tests, kaleido chart images, PDF exports),
# a CJK font (Chinese glyphs in screenshots and images), fontconfig (fc-list: the e2e font check) and a Java
# runtime for Apache Spark (tests/scale: Spark in local mode computes the rollups; pyspark needs Java 17+).
# Installed only when one is missing, so a prepared machine needs neither root nor the network.
PACKAGES=(chromium fonts-wqy-microhei fontconfig openjdk-17-jre-headless)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "the tests need these Debian packages (or their equivalents): ${missing[*]}" >&2
        exit 1
    fi
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Spark finds Java through JAVA_HOME; point it at the runtime installed above unless one is set.
if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi

PY=${PYTHON:-python3}
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
