#!/usr/bin/env bash
# Builds the container images streamcluster/media-server:VERSION and streamcluster/operator:VERSION
# and writes each as a Docker archive to target/images/NAME-VERSION.tar, which containerd
# (`ctr -n k8s.io images import`), k3s (`k3s ctr images import`) and kind (`kind load
# image-archive`) load, as does `docker load`.
#
#   scripts/build-images.sh [media-server] [operator]     # both when none is named
#
# Route: `docker build` (each Dockerfile's own build stage compiles the jar) where a Docker engine
# answers; otherwise daemonless with buildah (installed with apt when missing): the jar is built on
# this machine with the Maven wrapper, and the runtime is a Java 17 base image made from Debian
# packages (scripts/jre-image.sh, cached in buildah's storage). No registry is needed.
# IMAGE_BUILDER=docker|buildah forces a route. An image whose jar, Dockerfile and base are older
# than its archive is not rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/images
BASE_IMAGE=localhost/streamcluster/jre:17
VERSION=$(sed -n '0,/<artifactId>streamcluster-parent<\/artifactId>/d; s|.*<version>\(.*\)</version>.*|\1|p' pom.xml | head -n 1)

log() { printf '[images] %s\n' "$*" >&2; }
fail() {
  log "error: $*"
  exit 1
}

# module name -> runnable jar, and the sources that jar is built from
jar_of() {
  case "$1" in
    media-server) echo media-server/target/media-server.jar ;;
    operator) echo operator/target/streamcluster-operator.jar ;;
    *) fail "unknown image '$1': media-server or operator" ;;
  esac
}
sources_of() {
  case "$1" in
    media-server) echo pom.xml media-server/pom.xml media-server/src ;;
    operator) echo pom.xml operator/pom.xml operator/src crds/pom.xml crds/src media-server/pom.xml media-server/src ;;
  esac
}

# true when $1 does not exist or anything among the rest is newer
stale() {
  local target=$1
  shift
  [ ! -e "$target" ] || [ -n "$(find "$@" -newer "$target" -print -quit 2>/dev/null)" ]
}

choose_builder() {
  case "${IMAGE_BUILDER:-auto}" in
    docker | buildah) echo "$IMAGE_BUILDER" ;;
    auto)
      if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
        echo docker
      else
        echo buildah
      fi
      ;;
    *) fail "IMAGE_BUILDER must be docker or buildah, not '$IMAGE_BUILDER'" ;;
  esac
}

ensure_jar() {
  local module=$1 jar
  jar=$(jar_of "$module")
  # shellcheck disable=SC2046
  if stale "$jar" $(sources_of "$module"); then
    log "$module: building $jar (Maven, tests skipped)"
    ./mvnw -q -B -ntp -DskipTests package -pl "$module" -am
  fi
  [ -f "$jar" ] || fail "$module: the build produced no $jar"
}

build_with_buildah() {
  local module=$1 image=$2 archive=$3 jar started container
  jar=$(jar_of "$module")
  ensure_jar "$module"
  bash scripts/jre-image.sh "$BASE_IMAGE"
  if ! stale "$archive" "$jar" "$module/Dockerfile" scripts/jre-image.sh \
    && buildah inspect --type image "localhost/$image" >/dev/null 2>&1; then
    log "$image: up to date ($archive)"
    return
  fi
  started=$(date +%s)
  replaced=$(buildah images -q --no-trunc "localhost/$image" 2>/dev/null || true)
  log "$image: building with buildah from $jar on $BASE_IMAGE"
  # docker format keeps HEALTHCHECK, which OCI image configs cannot carry
  buildah bud --quiet --format docker --layers=false \
    --build-arg JAR_STAGE=prebuilt --build-arg RUNTIME_IMAGE="$BASE_IMAGE" \
    --build-arg VERSION="$VERSION" \
    -t "localhost/$image" -f "$module/Dockerfile" . >/dev/null
  remove_leftovers "$replaced" "$(buildah images -q --no-trunc "localhost/$image")"
  smoke_test "$module" "localhost/$image"
  rm -f "$archive"
  # named docker.io/... inside the archive: what a pod's `image: streamcluster/...` resolves to
  buildah push --quiet "localhost/$image" "docker-archive:$archive:docker.io/$image"
  log "$image: built in $(($(date +%s) - started)) s, $(buildah images --format '{{.Size}}' "localhost/$image" | head -n 1)"
}

# What a buildah build leaves behind: the jar stage's image (labelled in the Dockerfiles) with the
# working container buildah keeps on it, and the image this build replaced under the same name.
remove_leftovers() {
  local replaced=$1 built=$2 stage container
  for stage in $(buildah images -q --filter dangling=true --filter label=io.streamcluster.stage=jar); do
    for container in $(buildah containers -q --filter ancestor="$stage"); do
      buildah rm "$container" >/dev/null
    done
    buildah rmi "$stage" >/dev/null 2>&1 || true
  done
  if [ -n "$replaced" ] && [ "$replaced" != "$built" ]; then
    buildah rmi "$replaced" >/dev/null 2>&1 || true
  fi
}

# The jar starts on the image's JRE as the image's user (chroot isolation: works where cgroups
# are mixed v1/v2 and no OCI runtime can start a container).
smoke_test() {
  local module=$1 image=$2 container out
  container=$(buildah from --quiet "$image")
  if ! out=$(buildah run --isolation chroot --network host "$container" -- \
    java -jar "/app/$(basename "$(jar_of "$module")")" --version 2>&1); then
    buildah rm "$container" >/dev/null
    printf '%s\n' "$out" >&2
    fail "$image: java -jar --version failed inside the image"
  fi
  buildah rm "$container" >/dev/null
  log "$image: runs: $(printf '%s\n' "$out" | tail -n 1)"
}

build_with_docker() {
  local module=$1 image=$2 archive=$3 started
  started=$(date +%s)
  log "$image: docker build -f $module/Dockerfile"
  docker build --quiet --build-arg VERSION="$VERSION" -t "$image" -f "$module/Dockerfile" . >/dev/null
  docker save -o "$archive" "$image"
  log "$image: built in $(($(date +%s) - started)) s"
}

main() {
  local modules=("$@") builder module image archive
  [ ${#modules[@]} -gt 0 ] || modules=(media-server operator)
  [ -n "$VERSION" ] || fail "no project version in pom.xml"
  builder=$(choose_builder)
  if [ "$builder" = buildah ] && ! command -v buildah >/dev/null 2>&1; then
    log "installing buildah (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah >/dev/null
  fi
  mkdir -p "$OUT"
  for module in "${modules[@]}"; do
    jar_of "$module" >/dev/null
    image=streamcluster/$module:$VERSION
    archive=$OUT/$module-$VERSION.tar
    "build_with_$builder" "$module" "$image" "$archive"
  done
}

main "$@"
