#!/usr/bin/env bash
# Installs Debian's tmux for run4-cli's terminal tests, which run the CLI in a
# tmux pane and read the live view back (apps/run4-cli/test/ui/tty.test.ts).
# Needs root and the Debian archive; does nothing when tmux is already on PATH.
#   bash tools/tmux.sh
set -euo pipefail
if command -v tmux >/dev/null 2>&1; then
  echo "tmux present: $(tmux -V)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y tmux
echo "tmux installed: $(tmux -V)"
