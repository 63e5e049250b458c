#!/usr/bin/env bash
# Installs the real tools the build and the tests use when they are missing: ffmpeg and ffprobe
# (publisher and players in the integration tests), Chromium and chromedriver (the web player's
# browser test), Node.js with npm (the build fetches the web player's hls.js and mpegts.js from the
# npm registry), shellcheck and actionlint (the release workflow's lint). Quiet when everything is
# present.
set -euo pipefail

ACTIONLINT=github.com/rhysd/actionlint/cmd/actionlint@v1.7.7
if ! command -v actionlint >/dev/null 2>&1 && [ ! -x "$HOME/go/bin/actionlint" ]; then
  if command -v go >/dev/null 2>&1; then
    echo "Installing actionlint ($ACTIONLINT) from the Go module proxy"
    GOBIN="$HOME/go/bin" go install "$ACTIONLINT"
  else
    echo "error: actionlint missing and no Go here; install Go, then: go install $ACTIONLINT" >&2
    exit 1
  fi
fi

need=()
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

# Deduplicate (ffmpeg brings ffprobe).
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
echo "Installing test tools: ${need[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: ${need[*]} missing and no apt-get here; install them with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "Installed: ${need[*]}"
