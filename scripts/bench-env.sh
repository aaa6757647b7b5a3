# Sourced by the scripts that time builds in the shared start-up bench (bench-ab.sh,
# bench-alt.sh, bench-floor.sh): env.sh, then `work`, where ../shared/bench/run.sh installed the
# bench, which they all reuse.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
work=${BENCH_WORK:-${TMPDIR:-/tmp}/ticklist-bench}
[ -d "$work/harness/node_modules" ] && [ -d "$work/reference/dist/plain" ] \
  || { echo "run ../shared/bench/run.sh dist first (it installs the bench in $work)"; exit 1; }
