#!/usr/bin/env bash
# Builds the upstream binaries of the e2e node from the Go module proxy, once per version:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy, kubectl
#     from k8s.io/kubernetes, inside a throw-away wrapper module that replaces each of its ./staging
#     modules with the published v0.X.Y (the version is stamped in with -ldflags -X);
#   etcd from go.etcd.io/etcd/server/v3 and coredns from github.com/coredns/coredns.
# into ${STREAMCLUSTER_E2E_BIN:-~/.cache/streamcluster-e2e/bin/k8s-<version>}. Binaries of the same
# versions already built elsewhere on this machine (the kube-api-test folder the operator's ITs use,
# E2E_REUSE_DIRS) are copied instead of rebuilt. Cold: about 6 minutes on 2 cores; then instant.
# Prints the binaries' folder on its last line.
set -euo pipefail
K8S=${K8S_VERSION:-1.34.4}
ETCD=${ETCD_VERSION:-3.6.16}
COREDNS=${COREDNS_VERSION:-1.15.0}
GO=${GO:-go}
OUT=${STREAMCLUSTER_E2E_BIN:-$HOME/.cache/streamcluster-e2e/bin/k8s-$K8S}
REUSE=${E2E_REUSE_DIRS:-$HOME/.cache/scnode/bin/k8s-$K8S ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/$K8S-linux-amd64}
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

say() { echo "build-binaries: $*" >&2; }
fail() { say "$*"; exit 1; }
missing() { local b; for b in "$@"; do [ -x "$OUT/$b" ] || echo "$b"; done; }

# Runs a long command, printing a line every 30 s so that a silent build does not look hung.
with_progress() {
  local what=$1 started=$SECONDS pid; shift
  say "$what ..."
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then say "$what: still working ($((SECONDS - started)) s)"; fi
  done
  wait "$pid" || fail "$what failed (see the output above)"
  say "$what: done in $((SECONDS - started)) s"
}

mkdir -p "$OUT"
for b in $(missing "${K8S_CMDS[@]}" etcd coredns); do
  for dir in $REUSE; do
    if [ -x "$dir/$b" ]; then
      say "reusing $b from $dir"
      cp "$dir/$b" "$OUT/$b.tmp" && mv "$OUT/$b.tmp" "$OUT/$b"
      break
    fi
  done
done
if [ -z "$(missing "${K8S_CMDS[@]}" etcd coredns)" ]; then echo "$OUT"; exit 0; fi

command -v "$GO" >/dev/null \
  || fail "Go >= 1.24 is needed to build $(missing "${K8S_CMDS[@]}" etcd coredns | xargs) from the Go module proxy (or set GO=/path/to/go)"
work=$(mktemp -d)
mkdir -p "$work/bin"
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

mapfile -t todo < <(missing "${K8S_CMDS[@]}")
if [ ${#todo[@]} -gt 0 ]; then
  mkdir "$work/k8s" && cd "$work/k8s"
  gomod=$("$GO" mod download -json "k8s.io/kubernetes@v$K8S" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')
  [ -f "$gomod" ] || fail "could not download k8s.io/kubernetes@v$K8S from the Go module proxy"
  minor=${K8S#*.}
  minor=${minor%%.*}
  {
    printf 'module local/streamcluster-e2e-k8s\n\ngo 1.24\n\ngodebug default=go1.24\n\n'
    echo "require k8s.io/kubernetes v$K8S"
    # k8s.io/kubernetes points its staging modules at ./staging/...; take the published ones instead.
    awk -v v="v0.${K8S#1.}" '$2 == "=>" && $3 ~ /^\.\/staging/ {print "replace " $1 " => " $1 " " v}' "$gomod"
  } > go.mod
  grep -q '^replace ' go.mod || fail "found no ./staging replacements in k8s.io/kubernetes@v$K8S's go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for c in "${todo[@]}"; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c"; done
    echo ')'
  } > tools.go
  with_progress "resolving k8s.io/kubernetes v$K8S" "$GO" mod tidy
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=v$K8S -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  pkgs=()
  for c in "${todo[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  with_progress "building ${todo[*]} v$K8S" "$GO" build -trimpath -ldflags "$ld" -o "$work/bin/" "${pkgs[@]}"
  for c in "${todo[@]}"; do mv "$work/bin/$c" "$OUT/$c"; done
fi

build_one() { # module version binary
  mkdir "$work/$3" && cd "$work/$3"
  printf 'module local/streamcluster-e2e-%s\n\ngo 1.24\n' "$3" > go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$1" > tools.go
  with_progress "resolving $1@v$2" sh -c "'$GO' get '$1@v$2' && '$GO' mod tidy"
  with_progress "building $3 v$2" "$GO" build -trimpath -ldflags "-s -w" -o "$work/bin/$3" "$1"
  mv "$work/bin/$3" "$OUT/$3"
}
if [ -n "$(missing etcd)" ]; then build_one go.etcd.io/etcd/server/v3 "$ETCD" etcd; fi
if [ -n "$(missing coredns)" ]; then build_one github.com/coredns/coredns "$COREDNS" coredns; fi
echo "$OUT"
