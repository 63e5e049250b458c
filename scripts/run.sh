#!/usr/bin/env bash
# Builds what is needed and runs a StreamCluster on this machine with no Kubernetes (local mode):
#   java -jar operator/target/streamcluster-operator.jar local -f deploy/examples/live.yaml
# The origin takes publishers on rtmp://127.0.0.1:1935/live/<stream> and answers
# http://127.0.0.1:5080/cluster; edge n listens on 1935+n (RTMP), 5080+n (HTTP) and 9080+n
# (internal: metrics, the cluster API; the origin on 9080). Extra arguments go to the local
# command (see --help), e.g. --rtmp-port 11935 --http-port 15080 --internal-port 19080.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build fetches the web player's JavaScript libraries with npm (media-server/package.json).
if ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm (the build fetches the web player's hls.js and mpegts.js)..."
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

jar=operator/target/streamcluster-operator.jar
if [ ! -f "$jar" ] || [ -n "$(find media-server/src crds/src operator/src deploy/examples pom.xml \
    media-server/pom.xml media-server/package-lock.json crds/pom.xml operator/pom.xml \
    -newer "$jar" -print -quit)" ]; then
  echo "Building StreamCluster (first run: a few minutes)..."
  ./mvnw -q -B -ntp -DskipTests package -pl operator -am
fi
exec java -jar "$jar" local -f deploy/examples/live.yaml "$@"
