#!/usr/bin/env bash
# Builds the kube-apiserver, etcd and kubectl that the operator's integration tests (*IT) start
# through Fabric8's kube-api-test, and puts them where kube-api-test looks for them offline:
#
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}
#
# Everything comes from the Go module proxy and is built with the machine's Go:
#   - kube-apiserver and kubectl from k8s.io/kubernetes, inside a throw-away wrapper module that
#     replaces each ./staging module of k8s.io/kubernetes with its published v0.X.Y release
#     (k8s.io/kubernetes is not meant to be used as a dependency; its go.mod points at ./staging),
#     with the version stamped in through -ldflags -X so `kubectl version` and /version tell the truth;
#   - etcd from go.etcd.io/etcd/server/v3.
# Binaries already in place are kept (the script then prints nothing). Cold, the apiserver takes a
# few minutes on 2 cores. Environment: K8S_VERSION (1.34.4), ETCD_VERSION (3.6.16),
# KUBE_API_TEST_DIR (~/.kubeapitest), KUBE_BINARIES_REUSE (a folder with ready binaries to copy
# instead of building, default ~/.cache/scnode/bin/k8s-<version>), GO (go).
set -euo pipefail

K8S=${K8S_VERSION:-1.34.4}
ETCD=${ETCD_VERSION:-3.6.16}
GO=${GO:-go}
TEST_DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
OUT="$TEST_DIR/k8s/$K8S-linux-amd64"
REUSE=${KUBE_BINARIES_REUSE:-$HOME/.cache/scnode/bin/k8s-$K8S}

fail() { echo "kube-test-binaries: $*" >&2; exit 1; }
say() { echo "kube-test-binaries: $*" >&2; }
missing() { for b in "$@"; do [ -x "$OUT/$b" ] || return 0; done; return 1; }

# Runs a long command, printing a line every 30 s so that a silent build does not look hung.
with_progress() {
  local what=$1; shift
  local started=$SECONDS
  say "$what ..."
  "$@" &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && say "$what: still working ($((SECONDS - started)) s)"
  done
  wait "$pid" || fail "$what failed (see the output above)"
  say "$what: done in $((SECONDS - started)) s"
}

missing kube-apiserver etcd kubectl || exit 0

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] \
  || fail "only linux-amd64 is supported (kube-api-test reads $OUT); this is $(uname -s)-$(uname -m)"
mkdir -p "$OUT" || fail "cannot create $OUT"

for b in kube-apiserver etcd kubectl; do
  if [ ! -x "$OUT/$b" ] && [ -x "$REUSE/$b" ]; then
    say "copying $b from $REUSE"
    cp "$REUSE/$b" "$OUT/$b.tmp" && mv "$OUT/$b.tmp" "$OUT/$b"
  fi
done
missing kube-apiserver etcd kubectl || { say "binaries ready in $OUT"; exit 0; }

command -v "$GO" >/dev/null \
  || fail "Go is needed to build the binaries from the Go module proxy; install Go >= 1.24 (https://go.dev/dl/) or set GO=/path/to/go"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

if missing kube-apiserver kubectl; then
  mkdir "$work/k8s" && cd "$work/k8s"
  say "fetching k8s.io/kubernetes@v$K8S's go.mod from the module proxy"
  gomod=$("$GO" mod download -json "k8s.io/kubernetes@v$K8S" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  [ -f "$gomod" ] || fail "could not download k8s.io/kubernetes@v$K8S (is the Go module proxy reachable?)"
  minor=${K8S#*.}
  minor=${minor%%.*}
  staging="v0.${K8S#1.}"
  {
    printf 'module local/kubetestbinaries\n\ngo 1.24\n\ngodebug default=go1.24\n\n'
    echo "require k8s.io/kubernetes v$K8S"
    awk -v v="$staging" '$2 == "=>" && $3 ~ /^\.\/staging/ { print "replace " $1 " => " $1 " " v }' "$gomod"
  } > go.mod
  grep -q '^replace ' go.mod || fail "found no ./staging replacements in k8s.io/kubernetes@v$K8S's go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver"\n\t_ "k8s.io/kubernetes/cmd/kubectl"\n)\n' > tools.go
  with_progress "resolving the modules of k8s.io/kubernetes v$K8S (staging at $staging)" "$GO" mod tidy
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$K8S -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  with_progress "building kube-apiserver and kubectl v$K8S" \
    "$GO" build -trimpath -ldflags "$ld" -o "$work/bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
  for b in kube-apiserver kubectl; do mv "$work/bin/$b" "$OUT/$b"; done
fi

if missing etcd; then
  mkdir "$work/etcd" && cd "$work/etcd"
  printf 'module local/etcdbinary\n\ngo 1.24\n' > go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
  with_progress "resolving go.etcd.io/etcd/server/v3@v$ETCD" \
    sh -c "'$GO' get go.etcd.io/etcd/server/v3@v$ETCD && '$GO' mod tidy"
  with_progress "building etcd v$ETCD" \
    "$GO" build -trimpath -ldflags "-s -w" -o "$work/bin/etcd" go.etcd.io/etcd/server/v3
  mv "$work/bin/etcd" "$OUT/etcd"
fi

"$OUT/kube-apiserver" --version >/dev/null 2>&1 || fail "the built kube-apiserver does not run"
say "binaries ready in $OUT"
