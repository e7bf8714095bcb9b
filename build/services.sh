#!/usr/bin/env bash
# Local RabbitMQ and Redis for the worker and its tests, from Debian's packages, bound to 127.0.0.1.
#   build/services.sh start|stop|status|restart-broker
# Ports: RABBITMQ_PORT (5672), RABBITMQ_MANAGEMENT_PORT (15672), REDIS_PORT (6379).
# Idempotent: installs what is missing, starts what is down, and leaves a running service alone.
set -euo pipefail

RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
RABBITMQ_MANAGEMENT_PORT="${RABBITMQ_MANAGEMENT_PORT:-15672}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_DIR="${REDIS_DIR:-/tmp/arrakis-redis-$REDIS_PORT}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[services] %s\n' "$*" >&2; }

install_missing() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    $SUDO apt-get update -qq
    # policy-rc.d on these machines stops the packages from starting their own services; we start them below.
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# A daemon must not inherit the caller's other file descriptors: a `flock` lock held by the caller (build/chaos.sh
# restarting Redis under /tmp/arrakis-measure.lock) would otherwise stay held for as long as the daemon lives.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

start_redis() {
  if redis_up; then log "redis already up on 127.0.0.1:$REDIS_PORT"; return; fi
  mkdir -p "$REDIS_DIR"
  # No persistence: the tests own their data, and a restart test wants a clean restart.
  (close_inherited_fds; redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$REDIS_DIR" \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --save "" --appendonly no >/dev/null)
  for _ in $(seq 1 50); do redis_up && { log "redis up on 127.0.0.1:$REDIS_PORT"; return; }; sleep 0.2; done
  log "redis did not start; see $REDIS_DIR/redis.log"; exit 1
}

# A real AMQP handshake: send the protocol header and expect the broker's Connection.Start frame.
amqp_answers() {
  timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$RABBITMQ_PORT && printf 'AMQP\x00\x00\x09\x01' >&3 && head -c 1 <&3 | od -An -tx1 | grep -q 01" 2>/dev/null
}

configure_rabbitmq() {
  $SUDO mkdir -p /etc/rabbitmq
  $SUDO tee /etc/rabbitmq/rabbitmq.conf >/dev/null <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
loopback_users.guest = true
CONF
  $SUDO tee /etc/rabbitmq/rabbitmq-env.conf >/dev/null <<CONF
NODENAME=rabbit@localhost
ERL_EPMD_ADDRESS=127.0.0.1
CONF
  $SUDO tee /etc/rabbitmq/enabled_plugins >/dev/null <<'CONF'
[rabbitmq_management].
CONF
}

start_rabbitmq() {
  if amqp_answers; then log "rabbitmq already up on 127.0.0.1:$RABBITMQ_PORT"; return; fi
  configure_rabbitmq
  export ERL_EPMD_ADDRESS=127.0.0.1
  if ! $SUDO rabbitmqctl -n rabbit@localhost status >/dev/null 2>&1; then
    log "starting rabbitmq"
    $SUDO mkdir -p /var/log/rabbitmq /var/lib/rabbitmq
    $SUDO chown -R rabbitmq:rabbitmq /var/log/rabbitmq /var/lib/rabbitmq 2>/dev/null || true
    (cd / && close_inherited_fds && $SUDO setsid rabbitmq-server >/dev/null 2>&1 &)
  fi
  # await_startup fails at once while the node is not yet registered with epmd: ask again until it answers.
  local ready=""
  for _ in $(seq 1 60); do
    if $SUDO rabbitmqctl -n rabbit@localhost await_startup --timeout 30 >/dev/null 2>&1; then ready=1; break; fi
    sleep 1
  done
  [ -n "$ready" ] || { log "rabbitmq did not start; see /var/log/rabbitmq"; exit 1; }
  # The app can be stopped (stop_app) while the node runs: start it.
  $SUDO rabbitmqctl -n rabbit@localhost start_app >/dev/null 2>&1 || true
  for _ in $(seq 1 100); do amqp_answers && { log "rabbitmq up on 127.0.0.1:$RABBITMQ_PORT"; return; }; sleep 0.2; done
  log "rabbitmq started but does not answer AMQP on 127.0.0.1:$RABBITMQ_PORT"; exit 1
}

management_up() { curl -fsS -u guest:guest "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/overview" >/dev/null 2>&1; }

wait_management() {
  for _ in $(seq 1 100); do management_up && return; sleep 0.3; done
  log "rabbitmq management API is not answering on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"; exit 1
}

stop_all() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  $SUDO rabbitmqctl -n rabbit@localhost stop >/dev/null 2>&1 || true
  log "stopped"
}

status() {
  if redis_up; then echo "redis: up (127.0.0.1:$REDIS_PORT)"; else echo "redis: down"; fi
  if amqp_answers; then echo "rabbitmq: up (127.0.0.1:$RABBITMQ_PORT)"; else echo "rabbitmq: down"; fi
}

case "${1:-start}" in
  start) install_missing; start_redis; start_rabbitmq; wait_management ;;
  stop) stop_all ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
