#!/usr/bin/env bash
# Copies the release build into the Forge app's resource folder (deploy/forge/static/ticklist).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] || scripts/build.sh
rm -rf deploy/forge/static/ticklist
mkdir -p deploy/forge/static/ticklist
cp -r dist/. deploy/forge/static/ticklist/
cp public/icon.svg deploy/forge/static/ticklist/ 2>/dev/null || true
