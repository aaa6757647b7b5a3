#!/usr/bin/env bash
# Copies the release build into the Forge app's resource folders: the issue view into
# deploy/forge/static/ticklist, the settings pages into deploy/forge/static/ticklist-settings.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.html ] && [ -f dist/settings/index.html ] || scripts/build.sh
rm -rf deploy/forge/static/ticklist deploy/forge/static/ticklist-settings
mkdir -p deploy/forge/static/ticklist deploy/forge/static/ticklist-settings
cp -r dist/. deploy/forge/static/ticklist/
rm -rf deploy/forge/static/ticklist/settings
cp -r dist/settings/. deploy/forge/static/ticklist-settings/
