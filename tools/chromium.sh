#!/usr/bin/env bash
# Installs Debian's chromium for @run4/audit's browser test, which opens
# SUPER_TEAM_AUDIT_REPORT.html in headless Chromium (packages/audit/test/render-html.browser.test.ts).
# Needs root and the Debian archive; does nothing when a chromium is already on PATH.
#   bash tools/chromium.sh
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium present: $(chromium --version 2>/dev/null | tail -n 1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
echo "chromium installed: $(chromium --version 2>/dev/null | tail -n 1)"
