#!/usr/bin/env bash
# Regenerate package-lock.json so it lists every platform's optional packages
# (macOS, Windows, musl) and plain `npm ci` accepts it on any machine.
# Re-run it whenever a package.json changes (tools/check-lock.mjs, run by
# tools/test.sh before `npm ci`, says when).
#   bash tools/regen-lock.sh              # write package-lock.json
#   bash tools/regen-lock.sh --check      # resolve and compare only; write nothing
#   bash tools/regen-lock.sh --fresh      # resolve every version anew (no seed lock)
#   bash tools/regen-lock.sh --from-head  # use the committed package.json files
#
# Why: npm 11 drops other platforms' optional packages from the lock when it
# updates a lock next to an existing node_modules; `npm ci` then refuses the
# lock ("Missing: ... from lock file"). Resolved in a directory that holds
# only the package.json files and no node_modules, the lock is complete.
#
# Steps: copy the workspace's package.json files into a scratch directory
# (no node_modules); by default also the reference lock (REF_LOCK=<file>, else
# the committed one, `git show HEAD:package-lock.json`) so every version
# already locked stays as it is and only what is missing gets resolved
# (--fresh: no lock, every version resolved anew, about 2 minutes); run
# `npm install --package-lock-only --ignore-scripts` there; check that the
# pinned packages kept the reference lock's versions and that
# tools/check-lock.mjs accepts the result; only then replace package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=write seed=yes source=worktree
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --fresh) seed=no ;;
    --from-head) source=head ;;
    *) echo "regen-lock: unknown option \"$arg\"; usage: bash tools/regen-lock.sh [--check] [--fresh] [--from-head]" >&2; exit 2 ;;
  esac
done

# Packages whose resolved version must not move (see the stack notes: newer
# majors or patches break on Node 20 or with the Nx plugins).
PINNED="nx vitest typescript testcontainers better-sqlite3 @modelcontextprotocol/sdk zod @pact-foundation/pact"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/run4-regen-lock.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

ref="$scratch/reference-lock.json"
if [ -n "${REF_LOCK:-}" ]; then
  cp "$REF_LOCK" "$ref"
elif ! git show HEAD:package-lock.json >"$ref" 2>/dev/null; then
  echo "regen-lock: no committed package-lock.json to compare with; set REF_LOCK=<file>" >&2
  exit 2
fi

# The manifests npm reads: the root's and one per workspace (packages/*, apps/*).
if [ "$source" = head ]; then
  manifests=$(git ls-files -- package.json ':(glob)packages/*/package.json' ':(glob)apps/*/package.json')
else
  manifests=$(ls package.json packages/*/package.json apps/*/package.json)
fi
for m in $manifests; do
  mkdir -p "$scratch/tree/$(dirname "$m")"
  if [ "$source" = head ]; then git show "HEAD:$m" >"$scratch/tree/$m"; else cp "$m" "$scratch/tree/$m"; fi
done
if [ -f .npmrc ]; then cp .npmrc "$scratch/tree/.npmrc"; fi
if [ "$seed" = yes ]; then cp "$ref" "$scratch/tree/package-lock.json"; fi

echo "regen-lock: resolving $(echo "$manifests" | wc -w) manifests ($source) in $scratch/tree, no node_modules, $([ "$seed" = yes ] && echo "seeded with the reference lock" || echo "no lock")..."
(cd "$scratch/tree" && npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error)

node - "$ref" "$scratch/tree/package-lock.json" $PINNED <<'EOF'
const { readFileSync } = require('node:fs');
const [refFile, newFile, ...pinned] = process.argv.slice(2);
const ref = JSON.parse(readFileSync(refFile, 'utf8')).packages ?? {};
const next = JSON.parse(readFileSync(newFile, 'utf8')).packages ?? {};
let bad = 0;
for (const name of pinned) {
  const a = ref[`node_modules/${name}`]?.version;
  const b = next[`node_modules/${name}`]?.version;
  const same = a === b;
  if (!same) bad++;
  console.log(`${same ? 'same   ' : 'CHANGED'} ${name}: ${a ?? '(absent)'} -> ${b ?? '(absent)'}`);
}
const moved = Object.keys(next).filter((k) => k && ref[k] && ref[k].version !== next[k].version);
const added = Object.keys(next).filter((k) => k && !ref[k]);
const removed = Object.keys(ref).filter((k) => k && !next[k]);
console.log(`lock entries: ${Object.keys(next).length} (reference ${Object.keys(ref).length}); versions moved: ${moved.length}; added: ${added.length}; removed: ${removed.length}`);
if (bad > 0) {
  console.error(`regen-lock: ${bad} pinned package(s) resolved to another version than the reference lock; pin them in package.json (exact or ~) and re-run`);
  process.exit(1);
}
EOF

node tools/check-lock.mjs --lock "$scratch/tree/package-lock.json" --root "$scratch/tree"

if [ "$mode" = check ]; then
  echo "regen-lock: --check: package-lock.json left unchanged"
  exit 0
fi
cp "$scratch/tree/package-lock.json" "$root/package-lock.json"
echo "regen-lock: wrote package-lock.json; commit it, then run npm ci"
