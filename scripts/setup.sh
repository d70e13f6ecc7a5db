#!/usr/bin/env bash
# Set up finews-desktop on a Debian/Ubuntu machine, then start the app or run the tests.
#   bash scripts/setup.sh app [ARGS...]   set everything up and start the app
#   bash scripts/setup.sh test [ARGS...]  set everything up and run the whole test suite
# It installs the Debian packages Qt and the tests need when they are missing and
# you are root (otherwise it prints the apt-get line to run), then creates .venv
# with the app and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
shift || true

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "finews-desktop needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2
    exit 1
fi

# Qt's xcb platform plugin, a CJK font, a virtual X server for screenshots,
# Jekyll for the live conformance tests, and the packaging validators.
packages=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
          libdbus-1-3 fonts-noto-cjk xvfb jekyll desktop-file-utils appstream)
if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" = 0 ]; then
            echo "Installing Debian packages: ${missing[*]}"
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        else
            echo "Some Debian packages are missing. Please run:" >&2
            echo "  sudo apt-get install -y ${missing[*]}" >&2
            [ "$mode" = test ] && exit 1
        fi
    fi
fi

if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# the tests also read and write Parquet tables: the optional extra [analysis] (pyarrow)
extras=test
[ "$mode" = test ] && extras=test,analysis
.venv/bin/python -m pip install -q -e ".[$extras]"

case "$mode" in
    app)
        exec .venv/bin/finews-desktop "$@"
        ;;
    test)
        export QT_QPA_PLATFORM=offscreen
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "usage: bash scripts/setup.sh app|test [ARGS...]" >&2
        exit 2
        ;;
esac
