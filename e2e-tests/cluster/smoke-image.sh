#!/usr/bin/env bash
# Builds the e2e smoke test's media-server image from the runnable jar, daemonless with buildah:
#   smoke-image.sh [JAR] [IMAGE]
# (defaults: media-server/target/media-server.jar, localhost/streamcluster-e2e/media-server-smoke:0.1.0)
# on the Java base image of jre-base-image.sh. Rebuilt only when the jar changed (its SHA-256 is a
# label of the image). Prints the image name.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-$HERE/../../media-server/target/media-server.jar}
IMG=${2:-localhost/streamcluster-e2e/media-server-smoke:0.1.0}
LABEL=io.streamcluster.e2e.jar-sha256
[ -f "$JAR" ] || { echo "smoke-image: no $JAR; build it first: ./mvnw -q -DskipTests package -pl media-server -am" >&2; exit 1; }
sum=$(sha256sum "$JAR" | cut -d' ' -f1)
have=$(buildah inspect --type image --format "{{index .OCIv1.Config.Labels \"$LABEL\"}}" "$IMG" 2>/dev/null || true)
if [ "$have" = "$sum" ]; then echo "$IMG"; exit 0; fi
base=$("$HERE/jre-base-image.sh" | tail -n 1)
if [ -n "$have" ]; then buildah rmi "$IMG" >/dev/null 2>&1 || true; fi   # no dangling old builds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$JAR" "$work/media-server.jar"
buildah bud --quiet --layers=false --build-arg "BASE=$base" --label "$LABEL=$sum" \
  -f "$HERE/media-server-smoke.Containerfile" -t "$IMG" "$work" >/dev/null
echo "smoke-image: built $IMG" >&2
echo "$IMG"
