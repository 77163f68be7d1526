#!/usr/bin/env bash
# Sourced by tools/app.sh and tools/test.sh: `need_debian_packages [--optional] PKG...` installs the Debian
# packages that are missing (with sudo when not root), so a prepared machine needs neither root nor the
# network. With --optional a failed install only warns: the app still opens without them.

need_debian_packages() {
    local optional=0
    if [ "${1:-}" = "--optional" ]; then
        optional=1
        shift
    fi
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing Debian packages: ${missing[*]}" >&2
    if command -v apt-get >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
        return 0
    fi
    echo "could not install the Debian packages: ${missing[*]}" >&2
    [ "$optional" -eq 1 ] && return 0
    return 1
}
