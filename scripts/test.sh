#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test), integration tests (*IT) with real ffmpeg and
# a real kube-apiserver + etcd, and the style check. Installs and builds what the tests need first
# (cached: quiet and quick when already there).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
bash scripts/kube-test-binaries.sh
./mvnw -B -ntp verify "$@"
