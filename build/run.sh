#!/usr/bin/env bash
# Starts RabbitMQ and Redis (build/services.sh) and runs the worker against them with local defaults.
# Every setting can be overridden by exporting its variable first (see README, "Settings").
set -euo pipefail
cd "$(dirname "$0")/.."

build/services.sh start

export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:${RABBITMQ_PORT:-5672}/}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT:-6379}}"
export DISCORD_APPLICATION_ID="${DISCORD_APPLICATION_ID:-1100000000000000001}"
export DISCORD_BOT_TOKEN="${DISCORD_BOT_TOKEN:-local-development-token}"
export HEALTH_PORT="${HEALTH_PORT:-8080}"
export NODE_ENV="${NODE_ENV:-development}"
export LOG_LEVEL="${LOG_LEVEL:-info}"

dotnet build src/Worker -c Release -nologo -v quiet
echo "[run] worker starting; health on http://127.0.0.1:$HEALTH_PORT/health (Ctrl+C stops it)"
exec dotnet run --project src/Worker -c Release --no-build
