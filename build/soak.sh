#!/usr/bin/env bash
# The soak (issue 8): one worker process under a steady mixed rate for a long time; resident memory and handled
# counts sampled every minute, plotted to docs/soak.png (data in docs/soak.csv). Exit 0 only when nothing was lost or
# done twice, Discord never answered 429 or 10062, and memory stayed flat (tests/Load/Soak/MemoryVerdict.cs).
#   build/soak.sh [--minutes 30] [--rate 50] [--mix ping=2,verify=2,join=4,role=1,leave=1] [--env NAME=value,...]
# Needs what build/services.sh installs, and gnuplot (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

minutes=30
rate=50
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; args+=("$1" "$2"); shift 2 ;;
    --rate) rate=$2; args+=("$1" "$2"); shift 2 ;;
    --mix|--sample-seconds|--env) args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "[soak] unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v gnuplot > /dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends gnuplot-nox > /dev/null
fi

build/services.sh start
dotnet build tests/Load -c Release -nologo -v quiet > /dev/null
commit=$(git rev-parse --short HEAD) # what was built and measured, whatever is committed while it runs

out=artifacts/soak
rm -rf "$out"
mkdir -p "$out"
set +e
dotnet tests/Load/bin/Release/net10.0/Arrakis.Load.dll soak --minutes "$minutes" --out "$out" "${args[@]}" | tee "$out/soak.log"
rc=${PIPESTATUS[0]}
set -e

if [ -f "$out/soak.csv" ]; then
  cp "$out/soak.csv" docs/soak.csv
  title="Arrakis worker soak: $minutes min at $rate messages/s, mixed — commit $commit, $(date -u +%Y-%m-%d)"
  gnuplot -e "csv='docs/soak.csv'; png='docs/soak.png'; title='${title//\'/}'" build/plot/soak.gp
  echo "[soak] plotted docs/soak.png from docs/soak.csv" >&2
fi
exit "$rc"
