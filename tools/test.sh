#!/usr/bin/env bash
# The one command that sets up a fresh machine and passes the tests.
#   bash tools/test.sh
# 1. checks package-lock.json (tools/check-lock.mjs: every platform's optional
#    packages listed, in sync with the package.json files) and installs the
#    workspace with plain `npm ci` (native modules built from source),
# 2. starts a Docker engine with compose v2 and builds the offline base image
#    (tools/docker-engine.sh, tools/compose-v2.sh, tools/base-image.sh, tools/base-image-python.sh) so the
#    docker end-to-end tests run for real; in CI a failure here fails the run,
# 3. builds every project and runs `nx run-many -t verify` (never from the Nx
#    cache: every test really runs): typecheck + lint +
#    test of every project, and (run4-cli:verify) the milestone chain
#    m1 → m2 ∥ m3 → m4 → m5 → m6 on the embedded default with the default
#    backend (docker when the engine answers); run4-cli's end-to-end tests run
#    the whole chain again with the process backend (planted, killed, resumed),
# 4. prints the closing line "N passed, N failed" summed over every project,
# 5. fails when a process or container the build and the tests started is
#    still running (tools/process-census.mjs, compared with a snapshot taken
#    before the build).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false SCARF_ANALYTICS=false VITE_CONFIG_NATIVE_IGNORE_WARNING=true
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost

step() { printf '\n=== %s (%ss)\n' "$*" "$SECONDS"; }

step "lock file check and install"
node tools/check-lock.mjs
node --test tools/check-lock.test.mjs >/dev/null || { echo "tools/check-lock.test.mjs failed: run node --test tools/check-lock.test.mjs to see why" >&2; exit 1; }
npm ci --no-audit --no-fund

step "docker engine, compose v2 and offline base image"
if [ "$(id -u)" = "0" ]; then
  if bash tools/docker-engine.sh && bash tools/compose-v2.sh && bash tools/base-image.sh && bash tools/base-image-python.sh; then
    echo "docker ready"
  elif [ -n "${CI:-}" ]; then
    echo "docker setup failed in CI: the docker end-to-end tests cannot run" >&2
    exit 1
  else
    echo "docker setup failed: docker end-to-end tests will report why they did not run" >&2
  fi
else
  echo "not root: skipping Docker engine setup (docker end-to-end tests will say so)"
fi

# --- chromium for @run4/audit's HTML audit browser test (tools/chromium.sh) ---
step "chromium (headless check of SUPER_TEAM_AUDIT_REPORT.html)"
if [ "$(id -u)" = "0" ]; then
  if ! bash tools/chromium.sh; then
    echo "chromium install failed: @run4/audit's browser test will fail saying so" >&2
    if [ -n "${CI:-}" ]; then exit 1; fi
  fi
else
  echo "not root: skipping the chromium install (@run4/audit's browser test needs chromium on PATH or RUN4_CHROMIUM)"
fi
# --- end chromium ---
if [ "$(id -u)" = "0" ]; then bash tools/tmux.sh || { echo "tmux install failed: run4-cli's terminal tests (test/ui/tty.test.ts) will fail saying so" >&2; if [ -n "${CI:-}" ]; then exit 1; fi; }; else echo "not root: skipping the tmux install (run4-cli's terminal tests need tmux on PATH)"; fi

rm -rf .test-results
# --- process census: nothing the build and the tests start may outlive them (tools/process-census.mjs) ---
census_before="$(mktemp)"
RUN4_TEST_CENSUS="$(node tools/process-census.mjs snapshot "$census_before")"
export RUN4_TEST_CENSUS
# --- end process census (snapshot) ---
step "build"
npx nx run-many -t build --skip-nx-cache --output-style=static

step "verify (typecheck + lint + test of every project, and the milestone chain)"
rm -rf .run4
status=0
npx nx run-many -t verify --parallel=2 --skip-nx-cache --output-style=static || status=$?

step "summary"
node tools/test-summary.mjs .test-results || status=$?

# --- process census (check): fails the run, listing every process or container left behind ---
step "process census"
node --test tools/process-census.test.mjs >/dev/null || { echo "tools/process-census.test.mjs failed: run node --test tools/process-census.test.mjs to see why" >&2; status=1; }
node tools/process-census.mjs check "$census_before" || status=$?
# --- end process census ---
exit "$status"
