#!/usr/bin/env bash
# Make .venv with everything conflictkg needs, on a fresh Debian machine with Python 3.11.
# Idempotent: re-running only installs what changed. Extra apt packages can be passed as args.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1; then PY=$cand; break; fi
  done
fi
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "bootstrap: please install: $*" >&2; exit 2
  fi
}
if [ -z "$PY" ]; then apt_install python3 python3-venv python3-pip; PY=python3; fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    apt_install python3-venv
    "$PY" -m venv .venv
  fi
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test,bench]'
  rm -f .venv/.installed-*; touch "$stamp"
fi

# The query UI (YASGUI) from the npm registry, into a git-ignored folder the server serves
# locally (no CDN). Pinned; reinstalled only when missing.
YASGUI_VERSION=4.6.2
if [ ! -f var/ui/node_modules/@zazuko/yasgui/build/yasgui.min.js ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  mkdir -p var/ui
  npm install --prefix var/ui --no-audit --no-fund --ignore-scripts --loglevel=error \
    "@zazuko/yasgui@${YASGUI_VERSION}" >/dev/null
fi
# The map's country outlines (world-atlas: Natural Earth, public domain; ISC package) and their
# reader, served by /views/assets with their licences; axe-core for the accessibility tests.
VIEW_PACKAGES=(world-atlas@2.0.2 topojson-client@3.1.0 axe-core@4.10.2)
if [ ! -f var/ui/node_modules/world-atlas/countries-50m.json ] \
  || [ ! -f var/ui/node_modules/topojson-client/dist/topojson-client.min.js ] \
  || [ ! -f var/ui/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  mkdir -p var/ui
  npm install --prefix var/ui --no-audit --no-fund --ignore-scripts --loglevel=error \
    "${VIEW_PACKAGES[@]}" >/dev/null
fi
# Debian packages the caller needs (e.g. `chromium` for the browser tests and screenshots:
# Playwright never downloads a browser), installed when missing.
missing=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
