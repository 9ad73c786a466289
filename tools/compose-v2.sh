#!/bin/sh
# Get Docker Compose v2 as a CLI plugin (`docker compose`) on Debian bookworm,
# where only compose v1 is packaged. Debian trixie's `docker-compose` package
# (2.x) has a binary that needs only libc: fetch it with `apt-get download`
# through a separate apt config that lists trixie (the system's sources are
# left alone), unpack it with dpkg-deb -x, install it as
# $DOCKER_CONFIG/cli-plugins/docker-compose (default ~/.docker).
# Idempotent: does nothing when `docker compose version` already answers.
set -eu
log() { printf '[compose-v2] %s\n' "$*" >&2; }

if docker compose version >/dev/null 2>&1; then
  log "already present: $(docker compose version --short 2>/dev/null || docker compose version)"
  exit 0
fi

PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
WORK="$(mktemp -d /tmp/compose-v2.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT INT TERM

mkdir -p "$WORK/etc/sources.list.d" "$WORK/etc/preferences.d" "$WORK/etc/apt.conf.d" \
  "$WORK/state/lists/partial" "$WORK/cache/archives/partial" "$WORK/deb"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian trixie main" > "$WORK/etc/sources.list"
touch "$WORK/state/status"
APT_OPTS="-o Dir::Etc=$WORK/etc -o Dir::Etc::sourcelist=$WORK/etc/sources.list \
 -o Dir::Etc::sourceparts=$WORK/etc/sources.list.d -o Dir::State=$WORK/state \
 -o Dir::State::status=$WORK/state/status -o Dir::Cache=$WORK/cache \
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"

log "reading the trixie package index (separate apt config in $WORK)"
# shellcheck disable=SC2086
apt-get $APT_OPTS update -q >/dev/null
cd "$WORK/deb"
log "downloading docker-compose from trixie"
# shellcheck disable=SC2086
apt-get $APT_OPTS download docker-compose >/dev/null
DEB="$(ls "$WORK"/deb/docker-compose_*.deb | head -n 1)"
dpkg-deb -x "$DEB" "$WORK/root"
BIN="$(find "$WORK/root" -type f \( -path '*cli-plugins/docker-compose' -o -path '*/bin/docker-compose' \) | head -n 1)"
if [ -z "$BIN" ]; then
  log "no docker-compose binary inside $DEB"
  exit 1
fi
mkdir -p "$PLUGIN_DIR"
install -m 0755 "$BIN" "$PLUGIN_DIR/docker-compose"
log "installed $PLUGIN_DIR/docker-compose: $("$PLUGIN_DIR/docker-compose" version 2>&1 | head -n 1)"
docker compose version >/dev/null 2>&1 || log "note: the docker client does not see the plugin; set DOCKER_CONFIG to $(dirname "$PLUGIN_DIR")"
