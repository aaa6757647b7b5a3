#!/usr/bin/env bash
# Two builds of Ticklist in the shared start-up bench, alternated (old, new, old, new …) in every
# scenario, with plain React once per scenario. On this 2-core machine the bench moves ±15 % from
# run to run; alternating the two builds puts both under the same conditions, so a few per cent
# can be told from noise.
#
#   scripts/build.sh && ../shared/bench/run.sh dist   # once: installs the bench in $BENCH_WORK
#   cp -r dist /tmp/dist-old                         # keep a build to compare against
#   … change, scripts/build.sh …
#   scripts/bench-ab.sh /tmp/dist-old                # PAIRS=2 RUNS=9 ITEMS=5 by default;
#                                                    # SCENARIOS="cold THROTTLE=4" for some only
set -euo pipefail
source "$(dirname "$0")/bench-env.sh"
old=$(cd "${1:?usage: scripts/bench-ab.sh OLD_DIST [NEW_DIST]}" && pwd)
new=$(cd "${2:-$ROOT/dist}" && pwd)
export RUNS=${RUNS:-9} ITEMS=${ITEMS:-5}
pairs=${PAIRS:-2}
# The bench's mocked host serves Ticklist's data to pages under /ticklist/: each build takes
# that place in turn.
slot="$work/reference/dist/ticklist"
median() { node -e 'const fs=require("fs");const f=fs.readdirSync(".").find((n)=>n.startsWith(`bench-${process.argv[1]}-`));const r=JSON.parse(fs.readFileSync(f));console.log(r.median_ready_ms.toFixed(0)+(r.wireTotal?` ${r.wireTotal}`:""))' "$1"; }

cd "$work/harness"
printf '%-20s %-24s %-24s %7s %7s %7s\n' scenario "old (ms per pair)" "new (ms per pair)" plain 'old÷p' 'new÷p'
# SCENARIOS="cold THROTTLE=4" PAIRS=4 … narrows the run to some scenarios (a comma joins two
# settings in one: "WARM=1,THROTTLE=4").
IFS=' ' read -r -a scenarios <<<"${SCENARIOS:-cold THROTTLE=4 LATENCY=40 WARM=1 WARM=1,THROTTLE=4}"
for scenario in "${scenarios[@]}"; do
  scenario=${scenario//,/ }; [ "$scenario" = cold ] && scenario=''
  o=() n=() wo='' wn=''
  rm -f bench-*.json
  env $scenario BENCH_DIST="$work/reference/dist" node bench.mjs plain >/dev/null
  p=$(median plain | cut -d' ' -f1)
  for _ in $(seq "$pairs"); do
    for which in old new; do
      rm -rf "$slot" && cp -r "${!which}" "$slot"
      rm -f bench-ticklist-*.json
      env $scenario BENCH_DIST="$work/reference/dist" node bench.mjs ticklist >/dev/null
      read -r ms wire <<<"$(median ticklist)"
      if [ "$which" = old ]; then o+=("$ms"); wo=$wire; else n+=("$ms"); wn=$wire; fi
    done
  done
  mid() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  mo=$(mid "${o[@]}") mn=$(mid "${n[@]}")
  printf '%-20s %-24s %-24s %7s %7s %7s\n' "${scenario:-cold}" "${o[*]}" "${n[*]}" "$p" \
    "$(node -e "console.log(($mo/$p).toFixed(2))")" "$(node -e "console.log(($mn/$p).toFixed(2))")"
  [ -z "$scenario" ] && wires="bytes on the wire, cold: old $wo B, new $wn B"
done
echo "${wires:-}"
rm -rf "$slot" && cp -r "$new" "$slot"
