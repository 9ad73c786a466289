#!/bin/sh
# Build the offline base image `run4/python:3.11-offline` from this machine's
# own python3, so the pystack Dockerfiles (`ARG PYTHON_IMAGE`) build without a
# registry: the interpreter + its standard library (lib-dynload included) +
# every shared library `ldd` lists for them + /etc/passwd and /etc/group with
# user `app` (uid 1000) + a world-writable /tmp, tarred and `docker import`ed.
# Python lands under /usr/local, where it finds its stdlib from its own path.
#   tools/base-image-python.sh [tag]          # default tag run4/python:3.11-offline
#   tools/base-image-python.sh --rootfs DIR   # only assemble the image folder in DIR
# PYTHON=/path/to/python3 picks another interpreter (default: python3 on PATH).
# Idempotent: skips when the tag exists, unless FORCE=1. Without a Docker
# engine it says so and exits 0 (nothing to build into).
set -eu
log() { printf '[base-image-python] %s\n' "$*" >&2; }

ROOTFS=""
if [ "${1:-}" = "--rootfs" ]; then
  [ -n "${2:-}" ] || { log "usage: $0 --rootfs DIR"; exit 2; }
  ROOTFS="$2"
  TAG=""
else
  TAG="${1:-run4/python:3.11-offline}"
fi

if [ -z "$ROOTFS" ]; then
  if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
    log "no Docker engine answers (docker info failed): nothing to build $TAG into; the process backend runs the pystack services with this machine's python3 directly"
    exit 0
  fi
  if [ "${FORCE:-0}" != "1" ] && docker image inspect "$TAG" >/dev/null 2>&1; then
    log "$TAG already exists (FORCE=1 rebuilds)"
    exit 0
  fi
fi

PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null 2>&1 || { log "no $PY on PATH: install Python 3.11 or set PYTHON=/path/to/python3"; exit 2; }
# sys.executable sees through launchers such as pyenv shims
PY_BIN="$(readlink -f "$("$PY" -c 'import sys; print(sys.executable)')")"
VERSION="$("$PY_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
FULL_VERSION="$("$PY_BIN" -c 'import platform; print(platform.python_version())')"
STDLIB="$("$PY_BIN" -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
DYNLOAD="$("$PY_BIN" -c 'import os, _json; print(os.path.dirname(_json.__file__) if hasattr(_json, "__file__") else "")' 2>/dev/null || true)"
if [ -n "$TAG" ] && [ "$TAG" = "run4/python:3.11-offline" ] && [ "$VERSION" != "3.11" ]; then
  log "$PY_BIN is Python $VERSION, but $TAG must hold 3.11: set PYTHON=/path/to/python3.11 (or pass another tag)"
  exit 2
fi

if [ -n "$ROOTFS" ]; then
  mkdir -p "$ROOTFS"
  ROOT="$(cd "$ROOTFS" && pwd)"
else
  ROOT="$(mktemp -d /tmp/run4-pybase.XXXXXX)"
  trap 'rm -rf "$ROOT"' EXIT INT TERM
fi
chmod 0755 "$ROOT"   # the image root must be traversable for USER 1000
mkdir -p "$ROOT/usr/local/bin" "$ROOT/usr/local/lib" "$ROOT/etc" "$ROOT/tmp" "$ROOT/app" "$ROOT/home/app"

cp "$PY_BIN" "$ROOT/usr/local/bin/python$VERSION"
ln -sf "python$VERSION" "$ROOT/usr/local/bin/python3"
ln -sf "python$VERSION" "$ROOT/usr/local/bin/python"
# the standard library, without tests, GUI toolkits, pip bootstrap and caches
DEST="$ROOT/usr/local/lib/python$VERSION"
mkdir -p "$DEST"
tar -C "$STDLIB" \
  --exclude=./test --exclude=./idlelib --exclude=./tkinter --exclude=./turtledemo --exclude=./ensurepip \
  --exclude=./site-packages --exclude=./dist-packages --exclude='__pycache__' -cf - . | tar -C "$DEST" -xf -
# Debian-style layouts keep C extension modules outside the stdlib folder
if [ -n "$DYNLOAD" ] && [ -d "$DYNLOAD" ] && [ ! -d "$DEST/lib-dynload" ]; then
  mkdir -p "$DEST/lib-dynload" && cp -L "$DYNLOAD"/*.so "$DEST/lib-dynload/" 2>/dev/null || true
fi

# every library the dynamic linker needs for the interpreter and its extension modules, at the same path
copy_libs() {
  ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^[ \t]*\// { print $1 }' | while read -r lib; do
    [ -n "$lib" ] && [ ! -e "$ROOT$lib" ] || continue
    mkdir -p "$ROOT$(dirname "$lib")"
    cp -L "$lib" "$ROOT$lib"
  done
}
copy_libs "$PY_BIN"
find "$DEST" -name '*.so' | while read -r so; do copy_libs "$so"; done
# DNS lookups inside containers (getaddrinfo loads these at run time)
for lib in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
  [ -e "$lib" ] && mkdir -p "$ROOT$(dirname "$lib")" && cp -L "$lib" "$ROOT$lib"
done
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\napp:x:1000:1000:app:/home/app:/usr/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' > "$ROOT/etc/group"
printf 'hosts: files dns\n' > "$ROOT/etc/nsswitch.conf"
chmod 1777 "$ROOT/tmp"
chown 1000:1000 "$ROOT/home/app" 2>/dev/null || true

if [ -n "$ROOTFS" ]; then
  log "assembled $(du -sh "$ROOT" | cut -f1) in $ROOT (python $FULL_VERSION from $PY_BIN)"
  exit 0
fi

log "importing $(du -sh "$ROOT" | cut -f1) as $TAG (python $FULL_VERSION from $PY_BIN)"
tar -C "$ROOT" -c . | docker import \
  -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  -c "ENV PYTHON_VERSION=$FULL_VERSION" \
  -c 'ENV LANG=C.UTF-8' \
  -c 'WORKDIR /app' \
  -c 'CMD ["python3"]' \
  - "$TAG" >/dev/null
docker run --rm --user 1000:1000 "$TAG" python3 -c "import http.server, json, sqlite3, ssl, urllib.request, hashlib, hmac, socket; socket.getaddrinfo('localhost', 80); print('[base-image-python] smoke test: python ' + __import__('platform').python_version() + ' with sqlite ' + sqlite3.sqlite_version + ' runs inside $TAG')"
