#!/usr/bin/env bash
# The one command that sets up a fresh machine and runs the main job:
# `run4 run` on the embedded default (the reference stack in apps/).
#   bash tools/run.sh [run4 run options, e.g. --backend process --plant HEALTH-001,SCHEMA-001,LOG-001]
# With a Docker engine answering (bash tools/docker-engine.sh), the default
# backend `auto` deploys with Docker; otherwise with local processes.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false SCARF_ANALYTICS=false
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  node tools/check-lock.mjs
  npm ci --no-audit --no-fund
fi
npx nx run-many -t build --output-style=static >/dev/null
exec node apps/run4-cli/dist/main.js run "$@"
