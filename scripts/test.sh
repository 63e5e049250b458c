#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test), integration tests (*IT) with real ffmpeg and
# a real kube-apiserver + etcd, the end-to-end tests (*E2E, profile e2e) on a single-node
# Kubernetes that they start and stop themselves, and the style check. Installs and builds what
# the tests need first (cached: quiet and quick when already there).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
bash scripts/kube-test-binaries.sh
./mvnw -B -ntp -Pe2e verify "$@"
