#!/usr/bin/env bash
# The e2e tests' Kubernetes: a real single node made of upstream parts on this machine.
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet (cgroupfs), kube-proxy
# (iptables) and CoreDNS, built from the Go module proxy by build-binaries.sh, over Debian's
# containerd (its own socket and state), runc and CNI plugins; a fresh PKI per run, RBAC on.
#
#   node.sh up             start it (seconds once binaries and images exist); last line: export KUBECONFIG=...
#   node.sh load IMAGE...  copy images from buildah's local storage into the node's containerd
#   node.sh status         say whether it is up, and print the node
#   node.sh down           stop every process and container it started and remove its mounts,
#                          iptables rules and chains, bridge, routes and state (also after a failed up)
#
# Pods live on bridge cni0 (10.244.0.0/24, gateway 10.244.0.1 = the node and the apiserver);
# Service IPs are 10.96.0.0/16 (routed to cni0), cluster DNS 10.96.0.10. A FORWARD rule drops
# whatever a pod sends beyond the bridge, and CoreDNS has no upstream: nothing leaves the machine.
# The node also has an "external" address, 192.0.2.10 (TEST-NET-1, never routed anywhere) on cni0:
# what a cloud node's public address is to viewers, reachable from this host; host ports (the CNI
# portmap plugin) answer on it as on any of the node's addresses.
# Needs root on Linux. Environment: STREAMCLUSTER_E2E_ROOT (/var/lib/streamcluster-e2e) for state,
# STREAMCLUSTER_E2E_BIN for the binaries (see build-binaries.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${STREAMCLUSTER_E2E_ROOT:-/var/lib/streamcluster-e2e}
RUN=/run/streamcluster-e2e
NODE=streamcluster-e2e
NET=streamcluster-e2e
BRIDGE=cni0
GW=10.244.0.1
EXTERNAL_IP=192.0.2.10
POD_CIDR=10.244.0.0/24
SVC_CIDR=10.96.0.0/16
API_SVC_IP=10.96.0.1
DNS_IP=10.96.0.10
ETCD_CLIENT=127.0.0.1:23790
ETCD_PEER=127.0.0.1:23800
SOCK=$RUN/containerd.sock
GUARD=STREAMCLUSTER-E2E-EGRESS
PAUSE_IMAGE=localhost/streamcluster-e2e/pause:1
COREDNS_IMAGE=localhost/streamcluster-e2e/coredns:1
export KUBECONFIG=$ROOT/admin.kubeconfig

log() { echo "node: $*" >&2; }
fail() { log "$*"; exit 1; }
start() { local name=$1; shift; "$@" < /dev/null > "$ROOT/logs/$name.log" 2>&1 & echo $! > "$RUN/$name.pid"; }
wait_for() {
  local what=$1 secs=$2 started=$SECONDS; shift 2
  for _ in $(seq "$secs"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
    if (( (SECONDS - started) % 15 == 14 )); then log "still waiting for $what ($((SECONDS - started)) s)"; fi
  done
  log "timed out waiting for $what after $secs s; logs in $ROOT/logs:"
  tail -n 5 "$ROOT"/logs/*.log >&2 2>/dev/null || true
  return 1
}
running() { local pid; pid=$(cat "$RUN/$1.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }
bin_dir() { "$HERE/build-binaries.sh" | tail -n 1; }

packages() {
  local p missing=()
  for p in containerd runc containernetworking-plugins iptables conntrack buildah debootstrap openssl gcc libc6-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

images() { # the node's own images, built once into buildah's storage
  local ctx
  if ! buildah inspect "$PAUSE_IMAGE" >/dev/null 2>&1; then
    log "building $PAUSE_IMAGE"
    ctx=$(mktemp -d); gcc -static -O2 -o "$ctx/pause" "$HERE/pause.c"
    printf 'FROM scratch\nCOPY pause /pause\nENTRYPOINT ["/pause"]\n' > "$ctx/Containerfile"
    buildah bud --quiet -t "$PAUSE_IMAGE" "$ctx" >/dev/null; rm -rf "$ctx"
  fi
  if ! buildah inspect "$COREDNS_IMAGE" >/dev/null 2>&1; then
    log "building $COREDNS_IMAGE"
    ctx=$(mktemp -d); cp "$BIN/coredns" "$ctx/"
    printf 'FROM scratch\nCOPY coredns /coredns\nENTRYPOINT ["/coredns"]\n' > "$ctx/Containerfile"
    buildah bud --quiet -t "$COREDNS_IMAGE" "$ctx" >/dev/null; rm -rf "$ctx"
  fi
}

# IMAGE... from buildah's storage into the node's containerd (namespace k8s.io), usable under both
# of its names: docker.io/x/y:t (what a pod's "x/y:t" means) and localhost/x/y:t (buildah's name).
load() {
  local img name short tar started
  [ -S "$SOCK" ] || fail "the node is not up (no $SOCK): run node.sh up first"
  for img in "$@"; do
    started=$SECONDS
    name=$(buildah inspect --type image --format '{{.FromImage}}' "$img" 2>/dev/null) \
      || fail "no image $img in buildah's storage (buildah images lists them)"
    short=${name#localhost/}; short=${short#docker.io/}; short=${short#library/}
    tar=$(mktemp --suffix=.tar)
    buildah push --quiet "$img" "docker-archive:$tar:localhost/$short" >/dev/null
    ctr -a "$SOCK" -n k8s.io images import "$tar" >/dev/null
    rm -f "$tar"
    ctr -a "$SOCK" -n k8s.io images tag --force "localhost/$short" "docker.io/$short" >/dev/null
    log "loaded $img as localhost/$short and docker.io/$short ($((SECONDS - started)) s)"
  done
}

pki() {
  [ -f "$ROOT/pki/ca.crt" ] && return 0
  mkdir -p "$ROOT/pki"; cd "$ROOT/pki"
  openssl genrsa -out ca.key 2048 2>/dev/null
  openssl req -x509 -new -key ca.key -subj "/CN=$NODE-ca" -days 30 -out ca.crt
  sign() {
    openssl genrsa -out "$1.key" 2048 2>/dev/null
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
    printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' > "$1.ext"
    if [ -n "${3:-}" ]; then echo "subjectAltName=$3" >> "$1.ext"; fi
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  }
  sign apiserver /CN=kube-apiserver "IP:127.0.0.1,IP:$GW,IP:$API_SVC_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin "/O=system:masters/CN=kubernetes-admin"
  sign kcm /CN=system:kube-controller-manager
  sign scheduler /CN=system:kube-scheduler
  sign kubelet "/O=system:nodes/CN=system:node:$NODE" "IP:$GW,IP:127.0.0.1,DNS:$NODE"
  sign proxy /CN=system:kube-proxy
  sign apiserver-kubelet "/O=system:masters/CN=kube-apiserver-kubelet-client"
  # the aggregation layer (APIService backends such as KEDA or metrics-server): its own CA
  openssl genrsa -out front-proxy-ca.key 2048 2>/dev/null
  openssl req -x509 -new -key front-proxy-ca.key -subj /CN=front-proxy-ca -days 30 -out front-proxy-ca.crt
  openssl genrsa -out front-proxy-client.key 2048 2>/dev/null
  openssl req -new -key front-proxy-client.key -subj /CN=front-proxy-client -out front-proxy-client.csr
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' > front-proxy-client.ext
  openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key -CAcreateserial -days 30 -extfile front-proxy-client.ext -out front-proxy-client.crt 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null; openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  local u f
  for u in admin kcm scheduler kubelet proxy; do
    f=$ROOT/$u.kubeconfig
    kubectl config --kubeconfig="$f" set-cluster "$NODE" --server="https://$GW:6443" --certificate-authority=ca.crt --embed-certs >/dev/null
    kubectl config --kubeconfig="$f" set-credentials "$u" --client-certificate="$u.crt" --client-key="$u.key" --embed-certs >/dev/null
    kubectl config --kubeconfig="$f" set-context "$NODE" --cluster="$NODE" --user="$u" >/dev/null
    kubectl config --kubeconfig="$f" use-context "$NODE" >/dev/null
  done
}

network() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge; ip addr add "$GW/24" dev "$BRIDGE"; ip link set "$BRIDGE" up
  fi
  ip addr replace "$EXTERNAL_IP/32" dev "$BRIDGE"   # the node's external address, for host ports
  ip route replace "$SVC_CIDR" dev "$BRIDGE"   # a Service IP with no endpoints never takes the default route
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1
  # pods reach each other, Services and the node, and nothing else: checked in mangle PREROUTING,
  # before any rule of kube-proxy's can accept a packet, and again in FORWARD
  iptables -t mangle -N "$GUARD" 2>/dev/null || iptables -t mangle -F "$GUARD"
  iptables -t mangle -A "$GUARD" -d "$POD_CIDR" -j RETURN
  iptables -t mangle -A "$GUARD" -d "$SVC_CIDR" -j RETURN
  iptables -t mangle -A "$GUARD" -d "$EXTERNAL_IP" -j RETURN   # the node itself, answering a player on it
  iptables -t mangle -A "$GUARD" -j DROP
  iptables -t mangle -C PREROUTING -i "$BRIDGE" -j "$GUARD" 2>/dev/null || iptables -t mangle -I PREROUTING 1 -i "$BRIDGE" -j "$GUARD"
  iptables -C FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP 2>/dev/null || iptables -I FORWARD 1 -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
  mkdir -p "$ROOT/net.d"
  cat > "$ROOT/net.d/10-$NET.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "$NET", "plugins": [
  {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$GW"}]], "routes": [{"dst": "0.0.0.0/0"}]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
EOF
}

# Refuses to start beside another node on this machine (the bridge, the pod network and the
# kubelet's iptables chains are machine-wide), rather than tearing down someone else's.
check_free() {
  if ip link show "$BRIDGE" >/dev/null 2>&1 && [ ! -f "$RUN/owner" ]; then
    fail "bridge $BRIDGE exists but was not made by this node (another Kubernetes node on this machine?); stop it first"
  fi
  local port
  for port in "$GW:6443" "$ETCD_CLIENT" "$ETCD_PEER" 127.0.0.1:10248 127.0.0.1:10249 127.0.0.1:10257 127.0.0.1:10259; do
    if ss -Htln "sport = :${port##*:}" 2>/dev/null | grep -q .; then
      fail "port $port is in use; another Kubernetes node on this machine? (ss -ltnp)"
    fi
  done
}

up() {
  local t0=$SECONDS
  [ "$(id -u)" -eq 0 ] || fail "needs root (containerd, the kubelet and the bridge are machine-wide)"
  if running kube-apiserver; then
    log "already up"; echo "export KUBECONFIG=$KUBECONFIG"; return 0
  fi
  if [ -f "$RUN/owner" ] || [ -d "$ROOT" ]; then
    log "a previous run left processes or state behind: taking them down first"; down
  fi
  packages
  BIN=$(bin_dir); export PATH=$BIN:$PATH   # our kubectl first
  images
  check_free
  mkdir -p "$RUN"
  echo "$$" > "$RUN/owner"
  mkdir -p "$ROOT"/{logs,etcd,kubelet}
  network
  pki
  cd "$ROOT"
  cat > containerd.toml <<EOF
version = 2
root = "$ROOT/containerd"
state = "$RUN/containerd"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # root here lacks CAP_SYS_RESOURCE: never ask runc to lower oom_score_adj
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$ROOT/net.d"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
      SystemdCgroup = false
EOF
  log "starting containerd, etcd and kube-apiserver"
  start containerd containerd --config containerd.toml
  start etcd "$BIN/etcd" --name "$NODE" --data-dir "$ROOT/etcd" \
    --listen-client-urls "http://$ETCD_CLIENT" --advertise-client-urls "http://$ETCD_CLIENT" \
    --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
    --initial-cluster "$NODE=http://$ETCD_PEER"
  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers="http://$ETCD_CLIENT" \
    --bind-address=$GW --advertise-address=$GW --secure-port=6443 \
    --tls-cert-file=pki/apiserver.crt --tls-private-key-file=pki/apiserver.key --client-ca-file=pki/ca.crt \
    --service-account-key-file=pki/sa.pub --service-account-signing-key-file=pki/sa.key \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=$SVC_CIDR --authorization-mode=Node,RBAC --allow-privileged=true \
    --enable-admission-plugins=NodeRestriction --kubelet-preferred-address-types=InternalIP \
    --kubelet-client-certificate=pki/apiserver-kubelet.crt --kubelet-client-key=pki/apiserver-kubelet.key \
    --requestheader-client-ca-file=pki/front-proxy-ca.crt --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file=pki/front-proxy-client.crt --proxy-client-key-file=pki/front-proxy-client.key
  wait_for containerd 30 ctr -a "$SOCK" version
  load "$PAUSE_IMAGE" "$COREDNS_IMAGE"
  wait_for kube-apiserver 90 kubectl get --raw /readyz
  log "apiserver ready ($((SECONDS - t0)) s); starting the controller manager, scheduler, kubelet and kube-proxy"
  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig=kcm.kubeconfig \
    --authentication-kubeconfig=kcm.kubeconfig --authorization-kubeconfig=kcm.kubeconfig \
    --service-account-private-key-file=pki/sa.key --root-ca-file=pki/ca.crt \
    --cluster-signing-cert-file=pki/ca.crt --cluster-signing-key-file=pki/ca.key \
    --use-service-account-credentials=true --bind-address=127.0.0.1 --leader-elect=false
  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig=scheduler.kubeconfig \
    --authentication-kubeconfig=scheduler.kubeconfig --authorization-kubeconfig=scheduler.kubeconfig \
    --bind-address=127.0.0.1 --leader-elect=false
  cat > kubelet.yaml <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $GW
healthzBindAddress: 127.0.0.1
readOnlyPort: 0
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: $ROOT/pki/ca.crt}}
authorization: {mode: Webhook}
tlsCertFile: $ROOT/pki/kubelet.crt
tlsPrivateKeyFile: $ROOT/pki/kubelet.key
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$SOCK
clusterDomain: cluster.local
clusterDNS: [$DNS_IP]
resolvConf: $ROOT/resolv.conf
failSwapOn: false
podCIDR: $POD_CIDR
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
EOF
  echo "nameserver $DNS_IP" > resolv.conf
  start kubelet "$BIN/kubelet" --config=kubelet.yaml --kubeconfig=kubelet.kubeconfig \
    --hostname-override=$NODE --node-ip=$GW --root-dir="$ROOT/kubelet"
  start kube-proxy "$BIN/kube-proxy" --kubeconfig=proxy.kubeconfig --hostname-override=$NODE \
    --cluster-cidr=10.244.0.0/16 --proxy-mode=iptables --conntrack-max-per-core=0 \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256
  wait_for "node Ready" 90 kubectl wait --for=condition=Ready "node/$NODE" --timeout=1s
  wait_for "the default service account" 60 kubectl get serviceaccount default
  kubectl apply -f "$HERE/coredns.yaml" >/dev/null
  wait_for CoreDNS 120 kubectl -n kube-system rollout status deploy/coredns --timeout=1s
  log "up in $((SECONDS - t0)) s: $(kubectl get node $NODE --no-headers | tr -s ' ')"
  echo "export KUBECONFIG=$KUBECONFIG"
}

status() {
  if running kube-apiserver; then
    PATH=$(bin_dir):$PATH kubectl get node "$NODE" --no-headers
    echo "export KUBECONFIG=$KUBECONFIG"
  else
    echo "down"; return 3
  fi
}

# The portmap plugin's rules of this node's pods (their comment names the network), which a pod
# killed without a CNI DEL leaves behind, and the plugin's top-level chains once nothing else uses
# them.
portmap_cleanup() {
  local r c t
  { iptables -t nat -S CNI-HOSTPORT-DNAT 2>/dev/null | grep -F "$NET" || true; } | sed -n 's/^-A \(.*\)/\1/p' | while read -r r; do
    c=$(sed -n 's/.*-j \(CNI-DN-[0-9a-f]*\).*/\1/p' <<<"$r")
    eval "iptables -t nat -D $r" 2>/dev/null || true
    if [ -n "$c" ]; then iptables -t nat -F "$c" 2>/dev/null || true; iptables -t nat -X "$c" 2>/dev/null || true; fi
  done
  if iptables -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 && ! iptables -t nat -S CNI-HOSTPORT-DNAT | grep -q '^-A'; then
    { iptables -t nat -S 2>/dev/null || true; } | sed -n 's/^-A \([A-Z]*\) \(.*-j CNI-HOSTPORT-.*\)/\1 \2/p' | while read -r r; do
      eval "iptables -t nat -D $r" 2>/dev/null || true
    done
    for t in CNI-HOSTPORT-DNAT CNI-HOSTPORT-SETMARK CNI-HOSTPORT-MASQ; do
      iptables -t nat -F "$t" 2>/dev/null || true; iptables -t nat -X "$t" 2>/dev/null || true
    done
  fi
}

stop_all() { # NAME...: TERM to all at once; KILL whatever is still there after 20 s
  local n pid alive pids=()
  for n in "$@"; do
    pid=$(cat "$RUN/$n.pid" 2>/dev/null) || continue
    if kill "$pid" 2>/dev/null; then pids+=("$pid"); fi
  done
  for _ in $(seq 100); do
    alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    [ "$alive" = 0 ] && return 0
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}

down() {
  local n t c r ns shims bin
  if [ ! -d "$RUN" ] && [ ! -d "$ROOT" ]; then log "not up"; return 0; fi
  stop_all kube-proxy kubelet kube-scheduler kube-controller-manager
  ns=()
  if [ -S "$SOCK" ] && ctr -a "$SOCK" version >/dev/null 2>&1; then
    # containers outlive containerd in their shims: stop them first; remember their network namespaces
    for n in $(ctr -a "$SOCK" -n k8s.io containers ls -q 2>/dev/null); do
      ns+=($(ctr -a "$SOCK" -n k8s.io containers info "$n" 2>/dev/null | grep -o '/var/run/netns/cni-[0-9a-f-]*' || true))
    done
    for n in $(ctr -a "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n k8s.io tasks kill -s KILL "$n" 2>/dev/null || true; done
    sleep 1
    for n in $(ctr -a "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do ctr -a "$SOCK" -n k8s.io tasks delete -f "$n" >/dev/null 2>&1 || true; done
    for n in $(ctr -a "$SOCK" -n k8s.io containers ls -q 2>/dev/null); do ctr -a "$SOCK" -n k8s.io containers delete "$n" >/dev/null 2>&1 || true; done
  fi
  stop_all kube-apiserver
  stop_all etcd containerd
  # shims of this node's containerd that are still there (they name its socket on their command line)
  shims=$(pgrep -f -- "containerd-shim-runc-v2 .*-address $SOCK" || true)
  for n in $shims; do kill -9 "$n" 2>/dev/null || true; done
  bin=${STREAMCLUSTER_E2E_BIN:-$HOME/.cache/streamcluster-e2e/bin/k8s-${K8S_VERSION:-1.34.4}}
  if [ -x "$bin/kube-proxy" ]; then "$bin/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  grep -E " ($ROOT|$RUN)/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  for n in $(printf '%s\n' "${ns[@]}" | sort -u); do
    n=/run/netns/${n##*/}
    umount -l "$n" 2>/dev/null || true; rm -f "$n"
  done
  iptables -D FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP 2>/dev/null || true
  iptables -t mangle -D PREROUTING -i "$BRIDGE" -j "$GUARD" 2>/dev/null || true
  iptables -t mangle -F "$GUARD" 2>/dev/null || true
  iptables -t mangle -X "$GUARD" 2>/dev/null || true
  portmap_cleanup
  for t in filter nat mangle; do   # the kubelet's and kube-proxy's chains
    iptables -t $t -S 2>/dev/null | sed -n 's/^-A \([A-Z]*\) \(.*-j KUBE-.*\)/\1 \2/p' | while read -r r; do
      eval "iptables -t $t -D $r" 2>/dev/null || true
    done
    for c in $(iptables -t $t -S 2>/dev/null | awk '/^-N KUBE-/{print $2}'); do iptables -t $t -F "$c" 2>/dev/null || true; done
    for c in $(iptables -t $t -S 2>/dev/null | awk '/^-N KUBE-/{print $2}'); do iptables -t $t -X "$c" 2>/dev/null || true; done
  done
  ip route del "$SVC_CIDR" dev "$BRIDGE" 2>/dev/null || true
  ip link del "$BRIDGE" 2>/dev/null || true
  # the kubelet's cgroups, empty now
  find /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/unified/kubepods -depth -type d -exec rmdir {} \; 2>/dev/null || true
  rm -rf "$ROOT" "$RUN" "/var/lib/cni/networks/$NET"
  rm -f /var/lib/cni/results/"$NET"-* 2>/dev/null || true
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  load) shift; load "$@" ;;
  status) status ;;
  *) echo "usage: $0 up | down | load IMAGE... | status" >&2; exit 2 ;;
esac
