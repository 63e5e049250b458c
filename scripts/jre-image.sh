#!/usr/bin/env bash
# The Java 17 runtime base image of StreamCluster's images, made without a registry or a Docker
# engine: a Debian bookworm minbase root filesystem from debootstrap with openjdk-17-jre-headless,
# trimmed, with the non-root user the images run as (UID/GID 10001), committed into buildah's local
# storage as localhost/streamcluster/jre:17.
#
#   scripts/jre-image.sh [IMAGE]      # about a minute cold; instant when the image exists
#
# The image carries the recipe's version as a label: bump RECIPE when this script changes what
# goes into the image, and the next run rebuilds it. Needs root (debootstrap); installs debootstrap
# and buildah with apt when they are missing.
set -euo pipefail

IMAGE=${1:-localhost/streamcluster/jre:17}
RECIPE=1
SUITE=bookworm
RECIPE_LABEL=io.streamcluster.jre-recipe
RUN_AS=10001

log() { printf '[jre-image] %s\n' "$*" >&2; }

missing=()
for tool in debootstrap buildah; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

current=$(buildah inspect --type image --format "{{index .ImageAnnotations \"$RECIPE_LABEL\"}}{{index .OCIv1.Config.Labels \"$RECIPE_LABEL\"}}" "$IMAGE" 2>/dev/null || true)
if [ "$current" = "$RECIPE" ]; then
  exit 0
fi

# the Debian mirror this machine's apt uses (deb822 sources first, then the classic list)
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
fi
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d "${TMPDIR:-/tmp}/streamcluster-jre.XXXXXX")
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

start=$(date +%s)
log "building $IMAGE: debootstrap $SUITE minbase + openjdk-17-jre-headless from $mirror"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  log "debootstrap failed"
  exit 1
}

# what a JRE at run time never reads: package caches, documentation, manuals, translations
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
  "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
  "$rootfs"/usr/share/info/* "$rootfs"/var/log/* "$rootfs"/var/cache/debconf/*-old
find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'C.*' ! -name locale.alias \
  -exec rm -rf {} +

# the user the images run as, by number and by name, with a home the JVM can name
printf 'streamcluster:x:%s:%s:StreamCluster:/app:/usr/sbin/nologin\n' "$RUN_AS" "$RUN_AS" \
  >>"$rootfs/etc/passwd"
printf 'streamcluster:x:%s:\n' "$RUN_AS" >>"$rootfs/etc/group"
mkdir -p "$rootfs/app"

java_home=$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java")")")
java_home=${java_home#"$rootfs"}
tar -C "$rootfs" --numeric-owner -cf "$work/rootfs.tar" .

cat >"$work/Containerfile" <<EOF
FROM scratch
ADD rootfs.tar /
ENV JAVA_HOME=$java_home \\
    LANG=C.UTF-8
LABEL $RECIPE_LABEL="$RECIPE" \\
      org.opencontainers.image.title="StreamCluster Java 17 runtime" \\
      org.opencontainers.image.description="Debian $SUITE minbase with openjdk-17-jre-headless"
CMD ["java", "-version"]
EOF
buildah bud --quiet --format docker --layers=false -t "$IMAGE" -f "$work/Containerfile" "$work" >/dev/null
size=$(buildah images --format '{{.Size}}' "$IMAGE" | head -n 1)
log "built $IMAGE ($size) in $(($(date +%s) - start)) s"
