#!/usr/bin/env bash
# Builds the media server when needed and runs it standalone on this machine:
# RTMP on 1935, HTTP (HTTP-FLV, /metrics, /healthz) on 5080. Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=media-server/target/media-server.jar
if [ ! -f "$jar" ] || [ -n "$(find media-server/src pom.xml media-server/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "Building the media server..."
  ./mvnw -q -B -ntp -DskipTests package -pl media-server -am
fi
exec java -jar "$jar" standalone "$@"
