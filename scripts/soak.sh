#!/usr/bin/env bash
# Soak: one media server for --minutes under --players players that stay and --churn players that
# come and go all the time, while the publisher drops and comes back every --publisher-cycle
# seconds (away --publisher-gap seconds, within the stream wait, so players stay). Netty's leak
# detector samples (SIMPLE); the server's RSS and direct buffer memory are sampled every
# --sample-seconds. At the end soak_report.py checks: no leak reported, no staying player
# disconnected, no staying player stalled except while the publisher was away, and memory flat
# (last third against the first); it writes summary.txt and soak.png. Stalls outside the
# publisher's absences are grouped by the second they began in, with the host's load average then:
# every player stalling in the same second points at the host (or a pause of the whole server),
# a few players at scattered moments at those players' connections.
#
#   scripts/soak.sh [--minutes 30] [--players 1000] [--churn 100] [--out-dir DIR] [--no-build]
#                   [--publisher-cycle 120] [--publisher-gap 2] [--sample-seconds 5]
#
# On a shared machine run it where no benchmark runs at the same time (under its benchmark lock).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MINUTES=30
PLAYERS=1000
CHURN=100
CYCLE=120
GAP=2
SAMPLE=5
BUILD=1
OUT_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --players) PLAYERS=$2; shift 2 ;;
    --churn) CHURN=$2; shift 2 ;;
    --publisher-cycle) CYCLE=$2; shift 2 ;;
    --publisher-gap) GAP=$2; shift 2 ;;
    --sample-seconds) SAMPLE=$2; shift 2 ;;
    --out-dir) OUT_DIR=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
OUT_DIR=${OUT_DIR:-$ROOT/target/soak/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT_DIR"
rm -f "$OUT_DIR"/{publisher.txt,publisher.log,samples.csv,load.json,load.txt,summary.txt,soak.png}
log() { echo "$(date -u +%H:%M:%S) soak: $*"; }

for tool in ffmpeg ffprobe curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-test-tools.sh" >&2; exit 1; }
done
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl media-server,load-tool -am)
fi
JAR="$ROOT/media-server/target/media-server.jar"
LOAD="$ROOT/load-tool/target/streamcluster-load.jar"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    pkill -P "$pid" 2>/dev/null || true   # the publisher loop's ffmpeg, the sampler's sleep
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RTMP_PORT=$(free_port)
HTTP_PORT=$(free_port)
INTERNAL_PORT=$(free_port)

# --- the stream: encoded once, published in a loop with -c copy -----------------------------
MEDIA="$ROOT/target/soak/soak-1024x768.flv"
if [ ! -s "$MEDIA" ]; then
  log "encoding the 20 s test stream (1024x768 H.264 + AAC, ~1.5 Mbit/s, 2 s GOP)"
  mkdir -p "$(dirname "$MEDIA")"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1024x768:rate=25" \
    -f lavfi -i "sine=frequency=440:sample_rate=44100" -t 20 -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -b:v 1400k -maxrate 1400k -bufsize 1400k \
    -g 50 -keyint_min 50 -sc_threshold 0 -c:a aac -b:a 96k -f flv "$MEDIA.tmp"
  mv "$MEDIA.tmp" "$MEDIA"
fi

# --- the server: leak detector sampling, every player from 127.0.0.1 ------------------------
log "server on RTMP $RTMP_PORT, HTTP $HTTP_PORT, internal $INTERNAL_PORT; results in $OUT_DIR"
java -Xms256m -Xmx256m -Dio.netty.leakDetection.level=SIMPLE -jar "$JAR" standalone \
  --bind 127.0.0.1 --rtmp-port "$RTMP_PORT" --http-port "$HTTP_PORT" --internal-port "$INTERNAL_PORT" \
  --max-subscribers 100000 --max-connections-per-address 0 --stream-wait-seconds 10 \
  >"$OUT_DIR/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/readyz" >/dev/null && break
  sleep 0.2
done

# --- the publisher: drops and comes back every cycle; its absences are recorded --------------
publisher_loop() {
  while true; do
    echo "up $(date +%s%3N)" >>"$OUT_DIR/publisher.txt"
    timeout "$CYCLE" ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$MEDIA" \
      -c copy -f flv "rtmp://127.0.0.1:$RTMP_PORT/live/soak" >>"$OUT_DIR/publisher.log" 2>&1 || true
    echo "down $(date +%s%3N)" >>"$OUT_DIR/publisher.txt"
    sleep "$GAP"
  done
}
publisher_loop &
PIDS+=($!)
sleep 3

# --- the sampler: RSS, direct buffer memory and the host's load average every few seconds ----
sampler() {
  echo "epoch_ms,rss_bytes,direct_bytes,heap_buffer_bytes,subscribers,host_load1" >"$OUT_DIR/samples.csv"
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
    metrics=$(curl -sf "http://127.0.0.1:$INTERNAL_PORT/metrics" || true)
    direct=$(awk '/^streamcluster_buffer_memory_bytes\{kind="direct"\}/ {print $2}' <<<"$metrics")
    heap=$(awk '/^streamcluster_buffer_memory_bytes\{kind="heap"\}/ {print $2}' <<<"$metrics")
    subs=$(awk '/^streamcluster_subscribers / {print $2}' <<<"$metrics")
    load1=$(cut -d' ' -f1 /proc/loadavg)
    echo "$(date +%s%3N),$rss,${direct:-0},${heap:-0},${subs:-0},$load1" >>"$OUT_DIR/samples.csv"
    sleep "$SAMPLE"
  done
}
sampler &
PIDS+=($!)

# --- the players -------------------------------------------------------------------------------
TOTAL=$((MINUTES * 60))
RAMP=$(( PLAYERS / 50 > 5 ? PLAYERS / 50 : 5 ))
SETTLE=5
DURATION=$(( TOTAL - RAMP - SETTLE > 10 ? TOTAL - RAMP - SETTLE : 10 ))
log "$PLAYERS players (ramp ${RAMP} s) and $CHURN coming and going, for $MINUTES min"
java -Xmx1g -Dio.netty.leakDetection.level=disabled -jar "$LOAD" \
  --url "http://127.0.0.1:$HTTP_PORT/live/soak.flv" --subscribers "$PLAYERS" \
  --churn-subscribers "$CHURN" --churn-max-seconds 10 \
  --ramp-seconds "$RAMP" --settle-seconds "$SETTLE" --duration-seconds "$DURATION" \
  --warm-up-subscribers 0 --no-progress --server-pid "$SERVER_PID" \
  --json-out "$OUT_DIR/load.json" >"$OUT_DIR/load.txt" 2>&1 || true
cleanup
trap - EXIT

python3 "$ROOT/scripts/soak_report.py" "$OUT_DIR" --minutes "$MINUTES" --players "$PLAYERS" --churn "$CHURN"
