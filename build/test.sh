#!/usr/bin/env bash
# Runs every test of the solution against a real RabbitMQ and Redis, and ends with one line:
#   N passed, N failed[, N skipped]
# Two phases: everything that can share the broker runs in parallel; then the tests that need the machine to
# themselves run one module at a time: category "Disruptive" (they restart the broker or Redis, and would break
# their neighbours) and "Timed" (worker processes under real-time load, judged by Discord's 3 s window).
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log_dir="${TEST_LOG_DIR:-artifacts/test-logs}"
mkdir -p "$log_dir"

build/services.sh start || { echo "0 passed, 1 failed"; exit 1; }

if ! dotnet build Arrakis.sln -c Release -nologo -v quiet > "$log_dir/build.log" 2>&1; then
  grep -E "error|Error" "$log_dir/build.log" | sort -u | head -50
  echo "0 passed, 1 failed"
  exit 1
fi

run_phase() { # $1 name, $2 test modules run at once, rest: extra arguments for the test platform
  local name=$1 modules=$2; shift 2
  dotnet test --solution Arrakis.sln -c Release --no-build --max-parallel-test-modules "$modules" "$@" 2>&1 | tee "$log_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  # The test command itself has crashed once at start-up ("Unhandled exception: ... Handle is not initialized.")
  # without running the tests properly: that is the runner, not a test, so run the phase again, once.
  if grep -q "^Unhandled exception:" "$log_dir/$name.log"; then
    echo "[test] the test runner crashed; running the $name phase again" >&2
    dotnet test --solution Arrakis.sln -c Release --no-build --max-parallel-test-modules "$modules" "$@" 2>&1 | tee "$log_dir/$name.log"
    rc=${PIPESTATUS[0]}
  fi
  return "$rc"
}

# Exit code 8 ("zero tests ran") is a module whose tests all belong to the other phase (Load.Tests here).
run_phase shared 4 --filter-not-trait "Category=Disruptive" --filter-not-trait "Category=Timed" --no-progress --ignore-exit-code 8
shared_rc=$?
# One module at a time: one module's broker restart must not land in another's traffic, nor its load on another's clock.
run_phase disruptive 1 --filter-trait "Category=Disruptive" --filter-trait "Category=Timed" --no-progress --ignore-exit-code 8
disruptive_rc=$?

# Sum the platform's per-run summaries ("total: N", "failed: N", "succeeded: N", "skipped: N").
sum() { grep -hE "^\s+$1: [0-9]+" "$log_dir"/shared.log "$log_dir"/disruptive.log | awk '{s+=$2} END {print s+0}'; }
passed=$(sum succeeded); failed=$(sum failed); skipped=$(sum skipped)

rc=0
[ "$shared_rc" -eq 0 ] || rc=1
[ "$disruptive_rc" -eq 0 ] || rc=1
[ "$passed" -gt 0 ] || rc=1
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi # the runner failed without counting a test

if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit $rc
