#!/usr/bin/env bash
# Runs the worker locally, with everything it talks to:
#   build/run.sh                  RabbitMQ and Redis (build/services.sh), the Discord simulator, the worker
#   build/run.sh --demo           the same, then publishes a scripted sample, prints what the worker did, stops, exits 0
#   build/run.sh --real-discord   RabbitMQ, Redis and the worker talking to real Discord (no simulator); needs
#                                 DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (docs/adr/0050)
# Ctrl+C stops everything it started. Every worker setting can be overridden by exporting its variable first
# (README, "Settings"); run.sh's own: DISCORD_SIMULATOR_PORT (5080), HEALTH_PORT (8080), DEMO_TIMEOUT_SECONDS (45).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=simulator
demo=""
for arg in "$@"; do
  case "$arg" in
    --demo) demo=1 ;;
    --real-discord) mode=real ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "[run] unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '[run] %s\n' "$*" >&2; }

if [ "$mode" = real ]; then
  # The demo's traffic is fake: it only ever goes to the local simulator.
  [ -z "$demo" ] || { log "--demo runs against the Discord simulator only; drop --real-discord"; exit 2; }
  if [ -z "${DISCORD_BOT_TOKEN:-}" ] || [ -z "${DISCORD_APPLICATION_ID:-}" ]; then
    log "--real-discord needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID in the environment"; exit 2
  fi
else
  if [ -n "${DISCORD_BOT_TOKEN:-}" ]; then
    log "DISCORD_BOT_TOKEN is set but not used: this run talks to the Discord simulator (--real-discord talks to Discord)"
  fi
  SIMULATOR_PORT="${DISCORD_SIMULATOR_PORT:-5080}"
  export DISCORD_SIMULATOR_URL="http://127.0.0.1:$SIMULATOR_PORT/"
  export DISCORD_API_BASE_URL="${DISCORD_SIMULATOR_URL}api"
  export DISCORD_APPLICATION_ID="1100000000000000001"
  # A real token never leaves the shell for the simulator; it accepts any.
  export DISCORD_BOT_TOKEN="local-development-token"
fi

build/services.sh start

export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:${RABBITMQ_PORT:-5672}/}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6379}}"
export HEALTH_PORT="${HEALTH_PORT:-8080}"
export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

# One build for all three: the demo project references the worker and the simulator for build order only.
log "building"
build_log=$(mktemp)
if ! dotnet build tests/Demo -c Release -nologo -v quiet -nodeReuse:false > "$build_log" 2>&1; then
  cat "$build_log"; rm -f "$build_log"; log "the build failed"; exit 1
fi
rm -f "$build_log"
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }

simulator_pid=""
worker_pid=""
stop() { # $1 pid, $2 name: SIGTERM, then up to 35 s (the worker drains in-flight messages), then SIGKILL
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 350); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then log "$2 did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  trap - EXIT INT TERM
  stop "$worker_pid" worker
  stop "$simulator_pid" "Discord simulator"
  log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each line of a child's output, prefixed, so two interleaved logs stay readable. Ctrl+C reaches the whole
# process group: the prefixer ignores it, so the worker's last lines (its drain on shutdown) still show.
prefix() { trap '' INT; sed -u "s/^/$1 /"; }

await() { # $1 what, $2 pid that must stay alive, $3 url that must answer, $4 seconds between asks
  local deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$2" 2>/dev/null || { log "$1 exited before it was ready"; return 1; }
    curl -fsS -o /dev/null --max-time 2 "$3" 2>/dev/null && return 0
    sleep "${4:-0.1}"
  done
  log "$1 was not ready within 60 s"; return 1
}

if [ "$mode" = simulator ]; then
  dotnet "$(bin tests/DiscordSimulator Arrakis.DiscordSimulator)" --port "$SIMULATOR_PORT" --log-requests \
    > >(prefix "[discord]") 2>&1 &
  simulator_pid=$!
  await "the Discord simulator" "$simulator_pid" "${DISCORD_SIMULATOR_URL}_simulator/statistics"
  log "Discord simulator on $DISCORD_API_BASE_URL (requests: ${DISCORD_SIMULATOR_URL}_simulator/requests)"
else
  log "the worker talks to real Discord at ${DISCORD_API_BASE_URL:-https://discord.com/api}"
fi

dotnet "$(bin src/Worker Arrakis.Worker)" > >(prefix "[worker]") 2>&1 &
worker_pid=$!
await "the worker" "$worker_pid" "http://127.0.0.1:$HEALTH_PORT/health/live"
# Asked seldom: each "not ready yet" (consumers still subscribing) is logged by the worker as a failed check.
sleep 0.5
await "the worker" "$worker_pid" "http://127.0.0.1:$HEALTH_PORT/health/ready" 0.5
log "worker ready; health on http://127.0.0.1:$HEALTH_PORT/health"

if [ -n "$demo" ]; then
  demo_rc=0
  dotnet "$(bin tests/Demo Arrakis.Demo)" || demo_rc=$?
  exit "$demo_rc"
fi

log "Ctrl+C stops everything"
# Returns when the worker exits on its own (a bad setting, a lost broker at start) or when a signal arrives.
worker_rc=0
wait "$worker_pid" || worker_rc=$?
worker_pid=""
exit "$worker_rc"
