#!/usr/bin/env bash
# Two builds of Ticklist and plain React in the shared start-up bench's page, loaded in turn page
# by page (scripts/bench-alt-loop.mjs). Steadier than scripts/bench-ab.sh on this 2-core machine,
# where the machine's pace drifts within a minute: each of the three sees the same drift.
# Prints, per build, the median time to the 5th row, to the wasm's instantiation, and between.
#
#   scripts/build.sh && ../shared/bench/run.sh dist   # once: installs the bench in $BENCH_WORK
#   cp -r dist /tmp/dist-old; … change, scripts/build.sh …
#   scripts/bench-alt.sh /tmp/dist-old                # RUNS=30 by default; WARM=1, THROTTLE=4,
#                                                     # LATENCY=40 as in the bench
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
old=$(cd "${1:?usage: scripts/bench-alt.sh OLD_DIST [NEW_DIST]}" && pwd)
new=$(cd "${2:-$ROOT/dist}" && pwd)
export RUNS=${RUNS:-30} ITEMS=${ITEMS:-5}
# The mocked host serves Ticklist's data to pages under /ticklist/: both builds go below it.
slot="$work/reference/dist/ticklist"
rm -rf "$slot" && mkdir -p "$slot" && cp -r "$old" "$slot/old" && cp -r "$new" "$slot/new"
# The bench's server, mock and settings as they are in the installed copy (bench.mjs up to its
# browser launch, without its list of variants), then our loop.
harness="$work/harness/bench-alt.mjs"
launch=$(grep -n '^const browser = ' "$work/harness/bench.mjs" | head -1 | cut -d: -f1)
[ -n "$launch" ] || { echo "the bench's bench.mjs no longer launches its browser as expected: check scripts/bench-alt.sh"; exit 1; }
{ head -n "$((launch - 1))" "$work/harness/bench.mjs" | grep -v '^const variants'; cat "$ROOT/scripts/bench-alt-loop.mjs"; } >"$harness"
cd "$work/harness"
BENCH_DIST="$work/reference/dist" node bench-alt.mjs ticklist/old ticklist/new plain
# Leave the bench as run.sh would: the new build in its place.
rm -rf "$slot" && cp -r "$new" "$slot"
