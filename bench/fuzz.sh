#!/usr/bin/env bash
# The long fuzzing profile: 10,000 examples per target (reader, query parser, HTML cleaner).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
FINEWS_FUZZ=long QT_QPA_PLATFORM=offscreen "$PY" -m pytest -q -p no:cacheprovider tests -k fuzz "$@"
