#!/usr/bin/env bash
# A Java 17 runtime base image for the e2e smoke pod, made daemonless from Debian's packages (no
# registry): debootstrap minbase + openjdk-17-jre-headless, committed with buildah as
# localhost/streamcluster-e2e/jre:17. The root file system is cached as a tarball under
# ~/.cache/streamcluster-e2e/images, so the image comes back in seconds when buildah's storage was
# wiped. Cold: about a minute. The product's own images come from scripts/build-images.sh.
set -euo pipefail
IMG=${1:-localhost/streamcluster-e2e/jre:17}
CACHE=${STREAMCLUSTER_E2E_CACHE:-$HOME/.cache/streamcluster-e2e}/images
ROOTFS=$CACHE/jre-17-bookworm-rootfs.tar
say() { echo "jre-base-image: $*" >&2; }

if buildah inspect --type image "$IMG" >/dev/null 2>&1; then echo "$IMG"; exit 0; fi
for p in debootstrap buildah; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || {
    apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -s "$ROOTFS" ]; then
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || { say "no Debian mirror found in the apt sources"; exit 1; }
  say "debootstrap bookworm minbase + openjdk-17-jre-headless from $mirror (about a minute) ..."
  started=$SECONDS
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/log/*
  mkdir -p "$CACHE"
  tar -C "$work/rootfs" -cf "$ROOTFS.tmp" . && mv "$ROOTFS.tmp" "$ROOTFS"
  rm -rf "$work/rootfs"
  say "root file system cached in $ROOTFS ($((SECONDS - started)) s)"
fi
ln "$ROOTFS" "$work/rootfs.tar" 2>/dev/null || cp "$ROOTFS" "$work/rootfs.tar"
printf 'FROM scratch\nADD rootfs.tar /\nCMD ["java", "-version"]\n' > "$work/Containerfile"
buildah bud --quiet --layers=false -t "$IMG" -f "$work/Containerfile" "$work" >/dev/null
say "built $IMG"
echo "$IMG"
