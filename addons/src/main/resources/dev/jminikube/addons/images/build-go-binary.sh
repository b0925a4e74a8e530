#!/usr/bin/env bash
# Builds one static Go binary for an add-on image from a module directory (go.mod, go.sum, main.go),
# fetching its dependencies from the Go module proxy (no registry or GitHub needed).
# Usage: build-go-binary.sh SRC_DIR OUT_FILE
# Environment (optional): GO (go binary; default /usr/local/go/bin/go, else go on PATH), GOPROXY
# (default https://proxy.golang.org), GOMODCACHE / GOCACHE (shared with the Kubernetes builds),
# GOARCH (default: the host's).
set -euo pipefail
usage="usage: $0 SRC_DIR OUT_FILE"
SRC=${1:?$usage}
OUT=${2:?$usage}
GO=${GO:-}
if [ -z "$GO" ]; then
  if [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; else GO=$(command -v go || true); fi
fi
if [ -z "$GO" ] || [ ! -x "$GO" ]; then
  echo "missing build tools: go (install: apt-get install -y golang-go, or Go from https://go.dev/dl)" >&2
  exit 3
fi
SRC=$(cd "$SRC" && pwd)
mkdir -p "$(dirname "$OUT")"
export HOME="${HOME:-$SRC}" GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOTOOLCHAIN=local
export GOENV=off GOWORK=off GOFLAGS="-mod=readonly -modcacherw" CGO_ENABLED=0 GOOS=linux
need=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$SRC/go.mod")
have=$("$GO" env GOVERSION); have=${have#go}; have=${have%%[!0-9.]*}
if [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
  echo "missing build tools: go >= $need (have go$have) (install: Go $need+ from https://go.dev/dl)" >&2
  exit 3
fi
echo "==> go build in $SRC with go$have (GOPROXY=$GOPROXY)" >&2
start=$SECONDS
(cd "$SRC" && "$GO" build -trimpath -ldflags "-s -w" -o "$OUT.partial" .)
mv -f "$OUT.partial" "$OUT"
echo "==> built $(basename "$OUT") ($(du -h "$OUT" | cut -f1)) in $((SECONDS - start))s" >&2
