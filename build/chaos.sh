#!/usr/bin/env bash
# The chaos scenarios of docs/reliability.md, against the real broker and Redis, the worker as its own process and
# the Discord simulator as the witness. Builds Release, starts the services, runs all five (or those named), each
# bounded in time, and ends with one line per scenario and PASS/FAIL. About 5 to 10 minutes for all five.
#   build/chaos.sh [kill9|two-workers|discord-5xx|broker-restart|redis-restart ...]
# broker-restart and redis-restart stop the shared broker and Redis: run them under the measurement lock,
#   flock /tmp/arrakis-measure.lock build/chaos.sh
# (they refuse to run outside it unless ARRAKIS_CHAOS_UNLOCKED=1, e.g. on a machine of your own).
# Results: artifacts/chaos/<scenario>.json (criteria and figures) and .log; worker logs in artifacts/chaos/logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

LOCK=/tmp/arrakis-measure.lock
PER_SCENARIO_TIMEOUT="${CHAOS_TIMEOUT:-300}"
results=artifacts/chaos
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(kill9 two-workers discord-5xx broker-restart redis-restart)

for s in "${scenarios[@]}"; do
  case "$s" in
    kill9|two-workers|discord-5xx) ;;
    broker-restart|redis-restart)
      # Someone else's run (or nobody) holds the lock when we can take it at once: then we are not under it.
      if [ "${ARRAKIS_CHAOS_UNLOCKED:-0}" != 1 ] && flock -n "$LOCK" true 2>/dev/null; then
        echo "[chaos] $s stops a shared service: run under 'flock $LOCK build/chaos.sh' (or set ARRAKIS_CHAOS_UNLOCKED=1)" >&2
        exit 2
      fi ;;
    *) echo "usage: $0 [kill9|two-workers|discord-5xx|broker-restart|redis-restart ...]" >&2; exit 2 ;;
  esac
done

build/services.sh start || exit 1
mkdir -p "$results"
if ! dotnet build tests/Load -c Release -nologo -v quiet > "$results/build.log" 2>&1; then
  grep -E "error" "$results/build.log" | sort -u | head -20
  exit 1
fi

commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- src tests || commit="$commit-dirty"
export ARRAKIS_COMMIT="$commit"
echo "[chaos] commit $commit, $(nproc) cores, $(date -u +%FT%TZ)"

summary=()
failed=0
for s in "${scenarios[@]}"; do
  echo "[chaos] $s"
  timeout --kill-after=30 "$PER_SCENARIO_TIMEOUT" dotnet tests/Load/bin/Release/net10.0/Arrakis.Load.dll chaos "$s" --results "$results" 2>&1 | tee "$results/$s.log"
  rc=${PIPESTATUS[0]}
  case "$rc" in
    0) summary+=("PASS $s") ;;
    124|137) summary+=("FAIL $s (timed out after ${PER_SCENARIO_TIMEOUT} s)"); failed=1 ;;
    *) summary+=("FAIL $s (exit $rc)"); failed=1 ;;
  esac
done

# A scenario cut off by the timeout cannot restore what it stopped: make sure both services are up.
build/services.sh start >/dev/null 2>&1 || true
rm -f "${REDIS_DIR:-/tmp/arrakis-redis-${REDIS_PORT:-6379}}/dump.rdb" # redis-restart's saved dataset, once loaded
printf '%s\n' "${summary[@]}"
exit "$failed"
