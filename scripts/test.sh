#!/usr/bin/env bash
# Runs every test of the project: unit tests (*Test), integration tests (*IT) with real ffmpeg,
# and the style check. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
./mvnw -B -ntp verify "$@"
