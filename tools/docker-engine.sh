#!/bin/sh
# Install and start a Docker engine on a Debian machine (bookworm-like).
# Idempotent: when `docker info` already answers, it does nothing.
#   sudo tools/docker-engine.sh            # install if needed, start dockerd, wait until it answers
# Env: DOCKERD_LOG (default /tmp/dockerd.log), DOCKER_WAIT_SECONDS (default 60),
#      DOCKER_STORAGE_DRIVER (default vfs: works inside containers without overlay support).
set -eu

log() { printf '[docker-engine] %s\n' "$*" >&2; }

if docker info >/dev/null 2>&1; then
  log "a Docker engine already answers; nothing to do"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  log "no engine answers and installing/starting one needs root: re-run as root (sudo $0)"
  exit 2
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
  log "installing docker.io and docker-compose (compose v1) from the Debian archive (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # docker.io brings dockerd + containerd + runc (the client may already exist);
  # docker-compose is compose v1 (tools/compose-v2.sh adds the v2 plugin).
  apt-get install -y -q --no-install-recommends docker.io docker-compose iptables >/dev/null
fi

if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd is still missing after apt-get install docker.io; check the apt output above"
  exit 1
fi

LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"
DRIVER="${DOCKER_STORAGE_DRIVER:-vfs}"
log "starting dockerd (storage driver $DRIVER, no iptables), log in $LOG"
# setsid: the daemon survives the shell that started it.
setsid dockerd --iptables=false --ip6tables=false --storage-driver="$DRIVER" >"$LOG" 2>&1 < /dev/null &

WAIT="${DOCKER_WAIT_SECONDS:-60}"
i=0
while [ "$i" -lt "$WAIT" ]; do
  if docker info >/dev/null 2>&1; then
    log "engine answers: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
    exit 0
  fi
  i=$((i + 1))
  sleep 1
done
log "dockerd did not answer within ${WAIT}s; last lines of $LOG:"
tail -n 20 "$LOG" >&2 || true
exit 1
