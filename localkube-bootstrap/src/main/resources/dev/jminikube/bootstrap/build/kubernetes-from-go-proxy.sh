#!/usr/bin/env bash
# Builds a current Kubernetes release from the Go module proxy (no GitHub, no dl.k8s.io needed).
# Usage: kubernetes-from-go-proxy.sh VERSION OUT_DIR WORK_DIR        (VERSION e.g. v1.37.2)
# Writes kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl, pause
# (static, from build/pause/linux/pause.c) and etcd (the version the release pins in
# build/dependencies.yaml; skip with BUILD_ETCD=0) into OUT_DIR; nothing else.
#
# Method: k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/client-go, ...) at
# v0.0.0 with `replace => ./staging/...`, which a depending module cannot use. So a wrapper module
# in WORK_DIR requires k8s.io/kubernetes@VERSION and replaces every staging module listed in that
# go.mod with its published tag v0.MINOR.PATCH. etcd's root module has the same problem, so etcd is
# built from a second wrapper whose main.go calls go.etcd.io/etcd/server/v3/etcdmain.Main.
#
# Environment (all optional): GO (go binary; default /usr/local/go/bin/go, else go on PATH),
# GOMODCACHE / GOCACHE (share caches between runs/versions; default under WORK_DIR),
# GOPROXY (default https://proxy.golang.org), GOSUMDB (default sum.golang.org, which Go reaches
# through the proxy's /sumdb/ endpoint), GOTOOLCHAIN (default local), BUILD_ETCD (default 1),
# ETCD_VERSION (override the pinned etcd version), KUBE_GIT_COMMIT (embedded if given).
set -euo pipefail
usage="usage: $0 VERSION OUT_DIR WORK_DIR   (VERSION like v1.37.2)"
VERSION=${1:?$usage}
OUT=${2:?$usage}
WORK=${3:?$usage}
if ! [[ "$VERSION" =~ ^v1\.([0-9]+)\.([0-9]+)(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "$usage" >&2
  exit 2
fi
MINOR=${BASH_REMATCH[1]}
STAGING_VERSION="v0.${VERSION#v1.}" # k8s.io/api etc. are tagged v0.MINOR.PATCH for v1.MINOR.PATCH
BINARIES="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl"
TAGS=selinux,notest,grpcnotrace # what hack/lib/golang.sh uses for release (non-debug) builds
BUILD_ETCD=${BUILD_ETCD:-1}

step() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit "${2:-1}"; }
took() { echo "$(( SECONDS - $1 ))s"; }

GO=${GO:-}
if [ -z "$GO" ]; then
  if [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; else GO=$(command -v go || true); fi
fi
missing=""
[ -n "$GO" ] && [ -x "$GO" ] || missing="$missing go"
command -v gcc >/dev/null || missing="$missing gcc"
# gcc -static needs the C library's static archive (libc6-dev on Debian).
if command -v gcc >/dev/null && [ ! -e "$(gcc -print-file-name=libc.a)" ]; then missing="$missing libc.a"; fi
if [ -n "$missing" ]; then
  echo "missing build tools:$missing (install: apt-get install -y gcc libc6-dev, and Go >= the release's go directive from https://go.dev/dl or golang-go)" >&2
  exit 3
fi

mkdir -p "$WORK" "$OUT"
WORK=$(cd "$WORK" && pwd)
OUT=$(cd "$OUT" && pwd)
export PATH="$(dirname "$GO"):$PATH" HOME="$WORK"
export GOPATH="$WORK/gopath" GOMODCACHE="${GOMODCACHE:-$WORK/gopath/pkg/mod}" GOCACHE="${GOCACHE:-$WORK/gocache}"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
# -modcacherw: the module cache is read-only by default, which makes `rm -rf WORK_DIR` fail.
export GOENV=off GOWORK=off GOFLAGS="-mod=mod -modcacherw" CGO_ENABLED=0 GOOS=linux
unset GOARCH
GOVERSION=$("$GO" env GOVERSION)

# needs_go GO_DIRECTIVE WHAT: exit 3 if the local Go is older than a module's go directive.
needs_go() {
  [ "$GOTOOLCHAIN" = local ] || return 0
  local have=${GOVERSION#go}
  have=${have%%[!0-9.]*}
  if [ "$(printf '%s\n%s\n' "$1" "$have" | sort -V | head -1)" != "$1" ]; then
    echo "missing build tools: go >= $1 for $2 (have $GOVERSION) (install: Go $1+ from https://go.dev/dl, or run with GOTOOLCHAIN=go$1 to fetch golang.org/toolchain from the module proxy)" >&2
    exit 3
  fi
}

# Module queries run in a scratch module so that no go.mod above WORK_DIR can interfere.
P="$WORK/probe"
mkdir -p "$P"
printf 'module jminikube.local/probe\n' > "$P/go.mod"
cd "$P"

t=$SECONDS
step "fetching k8s.io/kubernetes@$VERSION from $GOPROXY (GOMODCACHE=$GOMODCACHE)"
field() { printf '%s\n' "$json" | sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}\$/\1/p"; }
# download MODULE@VERSION: sets $json; exits 3 if the module's go directive is newer than the local
# Go (go mod download itself refuses such modules), dies with Go's error for anything else.
download() {
  local ok=1 gomod
  json=$("$GO" mod download -json "$1") || ok=0
  gomod=$(field GoMod)
  [ -f "$gomod" ] && needs_go "$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$gomod")" "$1"
  [ "$ok" = 1 ] || die "go mod download $1 failed: $(field Error)"
}
download "k8s.io/kubernetes@$VERSION"
KMOD=$(field GoMod)
KDIR=$(field Dir)
KINFO=$(field Info)
[ -f "$KMOD" ] && [ -d "$KDIR" ] || die "unexpected go mod download output: $json"
KGO=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$KMOD")
step "k8s.io/kubernetes@$VERSION fetched ($(took $t)); it needs go $KGO, using $GOVERSION"

# Every module the release replaces with ./staging/src/k8s.io/... (derived, not hard-coded).
STAGING=$(sed -n 's#^\(replace\)\{0,1\}[[:space:]]*\([^[:space:]]*\)\([[:space:]][[:space:]]*v[^[:space:]]*\)\{0,1\}[[:space:]]*=>[[:space:]]*\./staging/.*#\2#p' "$KMOD")
[ -n "$STAGING" ] || die "no ./staging replace directives found in $KMOD"
# Other replace directives of the release must be carried over (modules' replaces are ignored
# when they are dependencies). Local ones other than staging cannot be.
OTHER_REPLACES=$(sed -n '/=>/p' "$KMOD" | grep -v '=>[[:space:]]*\./staging/' | sed 's/^replace[[:space:]]*//' || true)
if printf '%s\n' "$OTHER_REPLACES" | grep -q '=>[[:space:]]*[./]'; then
  die "k8s.io/kubernetes@$VERSION has local non-staging replace directives the proxy cannot serve: $OTHER_REPLACES"
fi

t=$SECONDS
step "checking the $(echo $STAGING | wc -w) staging modules at $STAGING_VERSION"
status=$("$GO" list -m -e -f '{{.Path}} {{if .Error}}missing{{else}}ok{{end}}' \
  $(for m in $STAGING; do printf '%s@%s ' "$m" "$STAGING_VERSION"; done))
REPLACES=""
for m in $STAGING; do
  if printf '%s\n' "$status" | grep -qx "$m ok"; then
    REPLACES="$REPLACES	$m => $m $STAGING_VERSION
"
  elif grep -q "^[[:space:]]*$m v0\.0\.0" "$KMOD"; then
    die "$m@$STAGING_VERSION is not on $GOPROXY, but k8s.io/kubernetes@$VERSION requires it: the staging module was not published for this release, so $VERSION cannot be built from the module proxy (try an older patch/minor release)" 5
  else
    # e.g. k8s.io/sample-controller, sample-cli-plugin: replaced but never required by the release.
    step "note: $m@$STAGING_VERSION is not on $GOPROXY; not required by k8s.io/kubernetes, skipped"
  fi
done
step "staging modules checked ($(took $t))"

W="$WORK/kube-wrapper"
mkdir -p "$W"
{
  echo "// Generated by kubernetes-from-go-proxy.sh: builds k8s.io/kubernetes $VERSION from the module proxy."
  echo "module jminikube.local/kubernetes-build"
  echo
  echo "go $KGO"
  echo
  grep '^godebug' "$KMOD" || true # the main module's godebug settings apply to the binaries
  echo
  echo "require k8s.io/kubernetes $VERSION"
  echo
  echo "replace ("
  printf '%s' "$REPLACES"
  [ -z "$OTHER_REPLACES" ] || printf '\t%s\n' "$OTHER_REPLACES"
  echo ")"
} > "$W/go.mod.new"
if ! cmp -s "$W/go.mod.new" "$W/go.mod"; then rm -f "$W/go.sum"; mv "$W/go.mod.new" "$W/go.mod"; else rm -f "$W/go.mod.new"; fi
PKGS=$(for b in $BINARIES; do printf 'k8s.io/kubernetes/cmd/%s ' "$b"; done)

t=$SECONDS
step "resolving and downloading dependencies of $BINARIES"
(cd "$W" && "$GO" list -deps -tags "$TAGS" $PKGS >/dev/null)
step "dependencies ready ($(took $t), module cache $(du -sh "$GOMODCACHE" 2>/dev/null | cut -f1))"

# The build list must be the release's own pins; MVS could only raise them via a staging go.mod.
drift=$(cd "$W" && "$GO" list -m -f '{{.Path}} {{.Version}}' all | awk -v kmod="$KMOD" '
  BEGIN { while ((getline l < kmod) > 0) { n = split(l, f, /[ \t]+/); for (i = 1; i < n; i++) if (f[i] ~ /\./ && f[i+1] ~ /^v[0-9]/) { pin[f[i]] = f[i+1]; break } } }
  ($1 in pin) && pin[$1] != "v0.0.0" && pin[$1] != $2 { print $1 " " pin[$1] " -> " $2 }')
[ -z "$drift" ] || step "warning: build list differs from k8s.io/kubernetes@$VERSION go.mod: $drift"

BUILD_DATE=$(sed -n 's/.*"Time": *"\([^"]*\)".*/\1/p' "$KINFO")
BUILD_DATE=${BUILD_DATE:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDFLAGS="$LDFLAGS -X $pkg.gitVersion=$VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$MINOR"
  LDFLAGS="$LDFLAGS -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE -X $pkg.gitCommit=${KUBE_GIT_COMMIT:-}"
done

t=$SECONDS
step "building pause from build/pause/linux/pause.c"
mkdir -p "$WORK/bin"
PAUSE_TAG=$(sed -n 's/^TAG ?= *//p' "$KDIR/build/pause/Makefile")
gcc -Os -Wall -Werror -static -DVERSION="v${PAUSE_TAG:-0}-jminikube" -o "$WORK/bin/pause" "$KDIR/build/pause/linux/pause.c"

step "building $BINARIES with $GOVERSION (CGO_ENABLED=0, tags $TAGS)"
(cd "$W" && "$GO" build -trimpath -tags "$TAGS" -ldflags "$LDFLAGS" -o "$WORK/bin/" $PKGS)
got=$("$WORK/bin/kube-apiserver" --version)
[ "$got" = "Kubernetes $VERSION" ] || die "kube-apiserver --version printed '$got', expected 'Kubernetes $VERSION'"
step "kubernetes built ($(took $t))"

if [ "$BUILD_ETCD" = 1 ]; then
  t=$SECONDS
  EV=${ETCD_VERSION:-$(awk '/- name: "etcd"$/ { f = 1; next } f && /version:/ { print $2; exit }' "$KDIR/build/dependencies.yaml")}
  [ -n "$EV" ] || die "cannot find the etcd version in $KDIR/build/dependencies.yaml (set ETCD_VERSION)"
  EV=v${EV#v}
  step "building etcd $EV (pinned by build/dependencies.yaml) via go.etcd.io/etcd/server/v3/etcdmain"
  EW="$WORK/etcd-wrapper"
  mkdir -p "$EW"
  download "go.etcd.io/etcd/server/v3@$EV"
  EGO=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$(field GoMod)")
  # The proxy records the tag's commit for the root module go.etcd.io/etcd/v3 (same tag).
  ESHA=$("$GO" list -m -json "go.etcd.io/etcd/v3@$EV" 2>/dev/null | sed -n 's/.*"Hash": *"\([0-9a-f]*\)".*/\1/p' || true)
  printf 'module jminikube.local/etcd-build\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$EGO" "$EV" > "$EW/go.mod.new"
  if ! cmp -s "$EW/go.mod.new" "$EW/go.mod"; then rm -f "$EW/go.sum"; mv "$EW/go.mod.new" "$EW/go.mod"; else rm -f "$EW/go.mod.new"; fi
  # The same main as go.etcd.io/etcd/v3 (the root module, unusable as a dependency: ./ replaces).
  printf '%s\n' 'package main' '' 'import (' '	"os"' '' '	"go.etcd.io/etcd/server/v3/etcdmain"' ')' '' \
    'func main() { etcdmain.Main(os.Args) }' > "$EW/main.go"
  (cd "$EW" && "$GO" build -trimpath -ldflags "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=${ESHA:-unknown}" -o "$WORK/bin/etcd" .)
  step "etcd built ($(took $t)): $("$WORK/bin/etcd" --version | head -1)"
fi

for b in $BINARIES pause; do install -m 0755 "$WORK/bin/$b" "$OUT/$b"; done
[ "$BUILD_ETCD" != 1 ] || install -m 0755 "$WORK/bin/etcd" "$OUT/etcd"
step "done: $(du -sh "$OUT" | cut -f1) in $OUT"
