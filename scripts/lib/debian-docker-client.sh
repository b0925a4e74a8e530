#!/usr/bin/env bash
# Prints the path of a docker client from Debian's docker.io package (the same version the node's dockerd is),
# extracted once into the cache: the client alone, no daemon installed or started on this host. docker-env's VM
# test runs it against the node.
set -euo pipefail
# Usage: debian-docker-client.sh [CACHE_DIR]   (default: $JMINIKUBE_HOME/cache, ~/.jminikube/cache)
cache="${1:-${JMINIKUBE_HOME:-$HOME/.jminikube}/cache}/host-tools"
client="$cache/docker.io-client/usr/bin/docker"
if [ ! -x "$client" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download docker.io >/dev/null 2>&1) || { echo "apt-get download docker.io failed" >&2; exit 1; }
  mkdir -p "$work/root"
  dpkg-deb -x "$work"/docker.io_*.deb "$work/root"
  mkdir -p "$cache/docker.io-client/usr/bin"
  cp "$work/root/usr/bin/docker" "$client.partial"
  mv "$client.partial" "$client"
fi
echo "$client"
