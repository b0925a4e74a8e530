#!/usr/bin/env bash
# Builds Kubernetes v1.20.2 from Debian's `kubernetes` source package (bookworm's 1.20.5+really1.20.2)
# with Debian's Go 1.19. Used when neither the cache, a binary mirror nor dl.k8s.io can serve the
# binaries. Usage: kubernetes-from-debian-source.sh OUT_DIR WORK_DIR
# Writes kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl and pause
# (static, from build/pause/linux/pause.c) into OUT_DIR; nothing else.
set -euo pipefail
OUT=${1:?usage: $0 OUT_DIR WORK_DIR}
WORK=${2:?usage: $0 OUT_DIR WORK_DIR}
POOL=${DEBIAN_POOL:-http://deb.debian.org/debian/pool/main}
GO=/usr/lib/go-1.19/bin/go
BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl"

# name sha256 path-in-pool. Pinned: the build must be reproducible and the checksums are Debian's.
SOURCES="
kubernetes_1.20.5+really1.20.2-1.1+deb12u1.dsc 19fa1da5aefcef673894ac9511986bd98a14410cf8eea0b626613c30df435257 k/kubernetes
kubernetes_1.20.5+really1.20.2.orig.tar.gz b83c0780efb182d928dc63d46488a847f161f04e40a94b96bf5247dd671ecdfc k/kubernetes
kubernetes_1.20.5+really1.20.2-1.1+deb12u1.debian.tar.xz 9b6e5fd41769d2b5badf2e73b274e3bcd90f85e13d06a1a4a845ccce018127d8 k/kubernetes
golang-github-modern-go-reflect2_1.0.2.orig.tar.gz 86049e7ba480c7da86b3d459f13a7c6c383a769134bf4eac0023a0aa024244de g/golang-github-modern-go-reflect2
"

step() { echo "==> $*" >&2; }
missing=""
[ -x "$GO" ] || missing="$missing golang-1.19-go"
for tool in dpkg-source rsync make gcc curl; do
  command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
  echo "missing build tools:$missing (install: apt-get install -y golang-1.19-go dpkg-dev rsync make gcc curl)" >&2
  exit 3
fi

mkdir -p "$WORK/dl"
step "fetching Debian sources (kubernetes 1.20.5+really1.20.2, modern-go/reflect2 1.0.2)"
echo "$SOURCES" | while read -r name sum dir; do
  [ -n "$name" ] || continue
  f="$WORK/dl/$name"
  if ! echo "$sum  $f" | sha256sum -c --status 2>/dev/null; then
    curl -fsSL --retry 3 -o "$f.part" "$POOL/$dir/$name"
    mv "$f.part" "$f"
    echo "$sum  $f" | sha256sum -c --status || { echo "checksum mismatch for $POOL/$dir/$name" >&2; exit 4; }
  fi
done

step "unpacking"
rm -rf "$WORK/src"
dpkg-source -x --no-check "$WORK/dl/kubernetes_1.20.5+really1.20.2-1.1+deb12u1.dsc" "$WORK/src" >/dev/null
# The vendored reflect2 v1.0.1 reads Go's map internals in a layout that changed in Go 1.18: binaries
# built with it die with "fatal error: fault" in map iteration minutes after start. 1.0.2 is the fix.
rm -rf "$WORK/src/vendor/github.com/modern-go/reflect2"
mkdir -p "$WORK/src/vendor/github.com/modern-go/reflect2"
tar -xzf "$WORK/dl/golang-github-modern-go-reflect2_1.0.2.orig.tar.gz" --strip-components=1 \
  -C "$WORK/src/vendor/github.com/modern-go/reflect2"
# Only the files change: go.mod and vendor/modules.txt keep naming v1.0.1, so -mod=vendor stays consistent.

step "building $BINARIES with $($GO version)"
cd "$WORK/src"
export PATH="/usr/lib/go-1.19/bin:$PATH" GOPATH="$WORK/gopath" GOCACHE="$WORK/gocache" HOME="$WORK"
export CGO_ENABLED=0 GOFLAGS=-mod=vendor GOTOOLCHAIN=local GOPROXY=off
export KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean KUBE_GIT_MAJOR=1 KUBE_GIT_MINOR=20
export KUBE_GIT_COMMIT=faecb196815e248d3ecfb03c680a4507229c2a56
make WHAT="$(for b in $BINARIES; do printf 'cmd/%s ' "$b"; done)" >&2

step "building pause from build/pause/linux/pause.c"
mkdir -p "$OUT"
gcc -Os -Wall -Werror -static -DVERSION=v1.20.2-jminikube -o "$OUT/pause" build/pause/linux/pause.c
for b in $BINARIES; do cp "_output/local/bin/linux/amd64/$b" "$OUT/$b"; done
step "done: $(du -sh "$OUT" | cut -f1) in $OUT"
