#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test), integration tests (*IT) with real ffmpeg and
# a real kube-apiserver + etcd, the end-to-end tests (*E2E, profile e2e) on a single-node
# Kubernetes that they start and stop themselves, and the style check. Installs and builds what
# the tests need first (cached: quiet and quick when already there).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
bash scripts/kube-test-binaries.sh
# The e2e node's binaries (kubelet, controller-manager, scheduler, kube-proxy, CoreDNS) are built
# here, once, with progress on stderr, rather than inside a timed test's cluster start.
bash e2e-tests/cluster/build-binaries.sh >/dev/null
./mvnw -B -ntp -Pe2e verify "$@"
