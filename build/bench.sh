#!/usr/bin/env bash
# The load benchmarks of docs/benchmarks.md: each scenario run N times (3 by default), each run against a fresh
# world (vhost, Redis prefix, simulator) and a fresh worker process built in Release. Writes, under
# artifacts/bench/<UTC time>/: runs/<scenario>-<n>.json (one per run), logs/ (the workers' logs) and summary.md
# (machine, commit, each figure's median with its min–max spread, each target met or missed); prints the summary.
#   build/bench.sh [--runs N] [--scenario NAME] [--no-build]
# NAME: throughput, latency-100, latency-500, latency-1000, slow-discord, stale-backlog, startup.
# Exit 1 when a target is missed or a run fails. Figures that go into docs are run under the measuring lock:
#   flock /tmp/arrakis-measure.lock build/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

runs=3
only=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --scenario) only="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: build/bench.sh [--runs N] [--scenario NAME] [--no-build]" >&2; exit 2 ;;
  esac
done

# name, then the load tool's arguments. Each run is bounded (a hung run fails, it does not stall the set).
scenarios=(
  "throughput|throughput"
  "latency-100|latency --rate 100"
  "latency-500|latency --rate 500"
  "latency-1000|latency --rate 1000"
  "slow-discord|slow-discord"
  "stale-backlog|stale-backlog"
  "startup|startup --times 5"
)
run_timeout=240

out="artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/runs" "$out/logs"
tool=tests/Load/bin/Release/net10.0/Arrakis.Load.dll

if [ "$build" = 1 ]; then
  # The load tool's build builds the worker too (a build-order reference): one Release build of both.
  dotnet build tests/Load -c Release -nologo -v quiet -m:2 > "$out/build.log" 2>&1 || { grep -E "error" "$out/build.log" | sort -u | head -20; exit 1; }
fi
build/services.sh start

failed=0
started=$(date +%s)
# Round-robin (run 1 of every scenario, then run 2, ...): a busy minute on the shared machine hits one run of
# several scenarios rather than every run of one.
for run in $(seq 1 "$runs"); do
  for entry in "${scenarios[@]}"; do
    name="${entry%%|*}"
    arguments="${entry#*|}"
    [ -z "$only" ] || [ "$only" = "$name" ] || continue
    rc=0
    # shellcheck disable=SC2086 # the arguments are words on purpose
    timeout "$run_timeout" dotnet "$tool" bench $arguments --out "$out/runs/$name-$run.json" --logs "$out/logs/$name-$run" || rc=$?
    # Exit code 1 is a missed target (judged again over all runs below); anything else is a failed run.
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
      echo "[bench] $name run $run failed (exit $rc)" >&2
      failed=1
    fi
  done
done

{
  echo "# Benchmark summary"
  echo
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src tests build 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs run(s) per scenario, $(( $(date +%s) - started )) s in all"
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- .NET SDK $(dotnet --version), RabbitMQ $(rabbitmqctl version 2>/dev/null || echo '?'), Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
  echo
} > "$out/summary.md"
summary_rc=0
dotnet "$tool" bench summary --dir "$out/runs" >> "$out/summary.md" || summary_rc=$?
cat "$out/summary.md"
echo "[bench] written to $out"
[ "$failed" = 0 ] && [ "$summary_rc" = 0 ]
