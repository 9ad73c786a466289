#!/bin/sh
# Build the offline base image `run4/node:20-offline` from this machine's own
# Node, so every reference Dockerfile (`ARG NODE_IMAGE`) builds without a
# registry: the node binary + the shared libraries `ldd` lists + an
# /etc/passwd and /etc/group with user `node` (uid 1000) + a world-writable
# /tmp, tarred and `docker import`ed.
#   tools/base-image.sh [tag]        # default tag run4/node:20-offline
# Idempotent: skips when the tag exists, unless FORCE=1.
set -eu
log() { printf '[base-image] %s\n' "$*" >&2; }

TAG="${1:-run4/node:20-offline}"
if [ "${FORCE:-0}" != "1" ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  log "$TAG already exists (FORCE=1 rebuilds)"
  exit 0
fi

NODE_BIN="$(readlink -f "$(command -v node)")"
ROOT="$(mktemp -d /tmp/run4-base.XXXXXX)"
trap 'rm -rf "$ROOT"' EXIT INT TERM

chmod 0755 "$ROOT"   # mktemp makes it 0700: the image root must be traversable for USER node
mkdir -p "$ROOT/usr/local/bin" "$ROOT/etc" "$ROOT/tmp" "$ROOT/app" "$ROOT/home/node"
cp "$NODE_BIN" "$ROOT/usr/local/bin/node"
# every library the dynamic linker needs, at the same path (the interpreter included)
ldd "$NODE_BIN" | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' | while read -r lib; do
  [ -n "$lib" ] || continue
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
# DNS and TLS lookups inside containers (getaddrinfo loads these at run time)
for lib in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
  [ -e "$lib" ] && mkdir -p "$ROOT$(dirname "$lib")" && cp -L "$lib" "$ROOT$lib"
done
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnode:x:1000:1000:node:/home/node:/usr/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
chmod 1777 "$ROOT/tmp"
chown 1000:1000 "$ROOT/home/node"

log "importing $(du -sh "$ROOT" | cut -f1) as $TAG (node $("$NODE_BIN" --version))"
tar -C "$ROOT" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c 'ENV NODE_VERSION='"$("$NODE_BIN" --version | tr -d v)" \
  -c 'WORKDIR /app' \
  -c 'CMD ["node"]' \
  - "$TAG" >/dev/null
docker run --rm --user 1000:1000 "$TAG" node -e "console.log('[base-image] smoke test: node ' + process.version + ' runs inside $TAG')"
