#!/usr/bin/env bash
# Side-by-side subscriber benchmark: StreamCluster and nginx with the RTMP module, one core each
# for the server and the load tool, the same 1.5 Mbit/s stream, N stepped up. Writes the table
# and plots described in docs/benchmarks.md.
#
#   scripts/benchmark.sh [--servers nginx,streamcluster,edge,hls] [--steps 250,500,1000,2000,3000]
#                        [--measure-seconds 20] [--quick] [--no-profile] [--tls] [--out-dir DIR]
#                        [--fan-out-intervals 0,20,100] [--transport auto|io_uring|epoll|nio]
#                        [--server-warm-up-seconds 20]
#
# Before its measured steps, each series plays its first step's N for --server-warm-up-seconds
# (20; 0 for none; none with --quick), unmeasured, so that a JVM server's first measured step is
# not its just-in-time compiler's busiest time; a server without a JIT merely plays longer.
# After its measured steps StreamCluster is profiled (JDK Flight Recorder, attached with jcmd)
# during one more step at the largest N; the hottest methods go into the report.
# "edge" is a StreamCluster edge (server core) behind an origin (client core): the players are on
# the edge, one reference player on the origin, and the load tool reports the hop's latency.
# --tls adds StreamCluster's RTMPS and HTTPS-FLV series (a certificate from a CA made here by
# openssl, which the load tool trusts) beside its RTMP and HTTP-FLV ones; nginx-rtmp has no RTMPS.
# With --tls its RTMPS series is profiled the same way.
# --fan-out-intervals runs each StreamCluster server (streamcluster, edge) once per interval, as
# series named streamcluster_20ms and so on (without it: the server's default, one series);
# --transport is passed to every StreamCluster server (unless auto). The publisher publishes
# through the load tool's ingest relay, so every series reports the latency its server adds,
# from a frame's arrival at the server to its arrival at the players. BENCH_MEDIA_SERVER_JAR runs
# another build of the media server (one from before a change, say) with this run's load tool.
# "hls" is the LL-HLS series: low-latency HLS players (the load tool plays as hls.js does) on a
# StreamCluster edge behind an origin, then the same players against nginx serving the same
# initialization sections, parts, segments and playlists as static files (mirrored from a
# StreamCluster packager on the client core by scripts/hls_mirror.py; without blocking reloads,
# so its players poll once per part target). The edge is profiled at the largest N as well.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/target/bench"
SERVERS="nginx,streamcluster,hls"
REFERENCE_URL=""
PUBLISH_PORT=""
STEPS="250,500,1000,2000,3000"
MEASURE=20
SETTLE=3
# About how long the load tool's warm-up (its own JVM start, untimed subscribers) takes.
WARM_UP_SECONDS=5
SERVER_WARM_UP=20
QUICK=0
PROFILE=1
TLS=0
OUT_DIR=""
FAN_OUT_INTERVALS=""
TRANSPORT=auto
RTMP_PORT=""
HTTP_PORT=""
RTMPS_PORT=""
HTTPS_PORT=""
SERVER_CORE=0
CLIENT_CORE=1
CALM_LOAD=${BENCH_CALM_LOAD:-1.0}
CALM_WAIT=${BENCH_CALM_WAIT:-300}
# A fixed, pre-touched heap: its pages are all resident from the start (the RSS column shows
# them), so RSS grows with N only by what subscribers really add outside the heap, rather than by
# the collector's heap growing into pages it had not touched yet. The live heap per subscriber is
# measured on its own (class histogram after a full GC, idle and in the profiling step).
JAVA_OPTS_SERVER=${BENCH_SERVER_JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch}
JAVA_OPTS_CLIENT=${BENCH_CLIENT_JAVA_OPTS:--Xmx1g -Dio.netty.leakDetection.level=disabled}

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --measure-seconds) MEASURE=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --no-profile) PROFILE=0; shift ;;
    --tls) TLS=1; shift ;;
    --out-dir) OUT_DIR=$2; shift 2 ;;
    --fan-out-intervals) FAN_OUT_INTERVALS=$2; shift 2 ;;
    --transport) TRANSPORT=$2; shift 2 ;;
    --server-warm-up-seconds) SERVER_WARM_UP=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  STEPS=${BENCH_QUICK_STEPS:-50,100}
  MEASURE=10
  SETTLE=2
  SERVER_WARM_UP=0
  OUT_DIR=${OUT_DIR:-$BENCH/quick}
fi
OUT_DIR=${OUT_DIR:-$ROOT/docs}
RUN_DIR="$BENCH/run"
mkdir -p "$BENCH" "$OUT_DIR"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- tools --------------------------------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v ffprobe >/dev/null || missing+=(ffmpeg)
command -v nginx >/dev/null || missing+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || missing+=(libnginx-mod-rtmp)
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v python3 >/dev/null || missing+=(python3)
command -v taskset >/dev/null || missing+=(util-linux)
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v openssl >/dev/null || missing+=(openssl)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "$(nproc)" -lt 2 ]; then
  echo "the benchmark needs two cores (server and load tool pinned apart); this machine has $(nproc)" >&2
  exit 1
fi
ulimit -n "$(ulimit -Hn)"

# --- build ---------------------------------------------------------------------------------------
JAR=${BENCH_MEDIA_SERVER_JAR:-$ROOT/media-server/target/media-server.jar}
LOAD_JAR="$ROOT/load-tool/target/streamcluster-load.jar"
log "building the media server and the load tool"
(cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl media-server,load-tool -am)

# --- the stream: encoded once, published in a loop with -c copy ----------------------------------
MEDIA="$BENCH/bench-1024x768-1500k.flv"
if [ ! -s "$MEDIA" ]; then
  log "encoding the 60 s test stream (1024x768 H.264 + AAC, ~1.5 Mbit/s, 2 s GOP)"
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1024x768:rate=30" \
    -f lavfi -i "sine=frequency=440:sample_rate=44100" \
    -t 60 -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p \
    -b:v 1370k -minrate 1370k -maxrate 1370k -bufsize 1370k -x264-params nal-hrd=cbr \
    -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -b:a 128k -ac 2 \
    -f flv "$MEDIA.tmp"
  mv "$MEDIA.tmp" "$MEDIA"
fi
EXPECTED_KBPS=$(ffprobe -v error -show_entries format=bit_rate -of default=nw=1:nk=1 "$MEDIA" |
  awk '{printf "%.0f", $1 / 1000}')
log "stream: $MEDIA, ${EXPECTED_KBPS} kbit/s"

# --- TLS: a CA and a certificate for 127.0.0.1, made once; the load tool trusts the CA ----------
TLS_DIR="$BENCH/tls"
if [ "$TLS" = 1 ] && [ ! -s "$TLS_DIR/server.crt" ]; then
  log "making a test CA and a certificate for 127.0.0.1"
  mkdir -p "$TLS_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
    -subj "/CN=StreamCluster benchmark CA" -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$TLS_DIR/server.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" \
    -set_serial 1 -days 3650 -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.crt" 2>/dev/null
fi
TLS_CA=""
[ "$TLS" = 1 ] && TLS_CA="$TLS_DIR/ca.crt"
# The secret an edge and its origin sign their cluster API with.
CLUSTER_SECRET="$BENCH/cluster.secret"
[ -s "$CLUSTER_SECRET" ] || head -c 32 /dev/urandom | base64 >"$CLUSTER_SECRET"

# --- process bookkeeping: everything started here is stopped by its PID -------------------------
PIDS=()
stop_pid() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
  PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nobody listens on now; the servers bind it a moment later (other work shares this host).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for_port() {
  local port=$1 pid=$2
  for _ in $(seq 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "server exited before opening port $port" >&2; return 1; }
    sleep 0.2
  done
  echo "port $port did not open" >&2
  return 1
}

# The media server under test (SERVER_PID) has opened its ports and is still running a second
# later; otherwise the end of its log ($1) goes to stderr.
await_media_server() {
  wait_for_port "$RTMP_PORT" "$SERVER_PID"
  wait_for_port "$HTTP_PORT" "$SERVER_PID"
  if [ -n "$RTMPS_PORT" ]; then
    wait_for_port "$RTMPS_PORT" "$SERVER_PID"
    wait_for_port "$HTTPS_PORT" "$SERVER_PID"
  fi
  sleep 1
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$1" >&2; return 1; }
}

# The server's processes: the started one and its children (nginx's worker).
server_pids() {
  local pid=$1
  { echo "$pid"; pgrep -P "$pid" || true; } | paste -sd, -
}

# cpu_seconds rss_kib summed over a comma-separated pid list.
sample() {
  local ticks total_ticks=0 total_rss=0 pid
  ticks=$(getconf CLK_TCK)
  for pid in ${1//,/ }; do
    total_ticks=$((total_ticks + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat")))
    total_rss=$((total_rss + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")))
  done
  awk -v t="$total_ticks" -v hz="$ticks" -v r="$total_rss" 'BEGIN {printf "%.2f %d\n", t / hz, r}'
}

start_nginx() {
  local dir="$BENCH/nginx"
  mkdir -p "$dir/logs" "$dir/temp"
  cat > "$dir/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
  worker_connections 16000;
  # Accept every pending connection per event loop pass: with one accept per pass, a worker
  # busy with thousands of players falls behind a 200/s join ramp and handshakes time out.
  multi_accept on;
}
rtmp {
  server {
    listen 127.0.0.1:$RTMP_PORT;
    chunk_size 4096;
    application live {
      live on;
      record off;
    }
  }
}
CONF
  taskset -c "$SERVER_CORE" nginx -p "$dir" -c "$dir/nginx.conf" 2>"$dir/logs/stderr.log" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for_port "$RTMP_PORT" "$SERVER_PID"
}

# With RTMPS_PORT set, StreamCluster serves the benchmark certificate on RTMPS and HTTPS too.
start_streamcluster() {
  local dir="$BENCH/streamcluster" tls_args=()
  mkdir -p "$dir"
  if [ -n "$RTMPS_PORT" ]; then
    tls_args=(--tls-cert-file "$TLS_DIR/server.crt" --tls-key-file "$TLS_DIR/server.key"
      --rtmps-port "$RTMPS_PORT" --https-port "$HTTPS_PORT")
  fi
  # shellcheck disable=SC2086
  # The benchmark measures capacity, so the per-server subscriber cap is lifted above the steps,
  # and every player comes from 127.0.0.1, so the per-address connection cap is lifted too.
  taskset -c "$SERVER_CORE" java $JAVA_OPTS_SERVER -Xlog:gc:file="$dir/gc.log" -jar "$JAR" standalone \
    --bind 127.0.0.1 --rtmp-port "$RTMP_PORT" --http-port "$HTTP_PORT" \
    --internal-port "$(free_port)" --max-subscribers 1000000 "${tls_args[@]}" "${SC_ARGS[@]}" \
    --max-connections-per-address 0 >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  await_media_server "$dir/server.log"
}

# An origin on the client core (it only feeds the edge and the reference player) and the edge
# under test on the server core; SERVER_PID is the edge.
start_edge() {
  local dir="$BENCH/edge"
  mkdir -p "$dir"
  ORIGIN_RTMP_PORT=$(free_port)
  ORIGIN_HTTP_PORT=$(free_port)
  ORIGIN_INTERNAL_PORT=$(free_port)
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" java $JAVA_OPTS_SERVER -Xlog:gc:file="$dir/origin-gc.log" -jar "$JAR" origin \
    --bind 127.0.0.1 --rtmp-port "$ORIGIN_RTMP_PORT" --http-port "$ORIGIN_HTTP_PORT" \
    --internal-port "$ORIGIN_INTERNAL_PORT" --cluster-secret-file "$CLUSTER_SECRET" \
    --max-subscribers 1000000 "${SC_ARGS[@]}" >"$dir/origin.log" 2>&1 &
  ORIGIN_PID=$!
  PIDS+=("$ORIGIN_PID")
  wait_for_port "$ORIGIN_RTMP_PORT" "$ORIGIN_PID"
  wait_for_port "$ORIGIN_INTERNAL_PORT" "$ORIGIN_PID"
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CORE" java $JAVA_OPTS_SERVER -Xlog:gc:file="$dir/gc.log" -jar "$JAR" edge \
    --bind 127.0.0.1 --rtmp-port "$RTMP_PORT" --http-port "$HTTP_PORT" --internal-port "$(free_port)" \
    --origins "127.0.0.1:$ORIGIN_INTERNAL_PORT" --cluster-secret-file "$CLUSTER_SECRET" \
    --edge-id bench-edge --advertise-host 127.0.0.1 "${SC_ARGS[@]}" \
    --max-subscribers 1000000 --max-connections-per-address 0 >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  await_media_server "$dir/server.log"
  PUBLISH_PORT=$ORIGIN_RTMP_PORT
  REFERENCE_URL="rtmp://127.0.0.1:$ORIGIN_RTMP_PORT/live/bench"
}

# nginx serving a mirror of StreamCluster's LL-HLS as static files: the packager (a standalone
# StreamCluster) and the mirror run on the client core; nginx (one worker) on the server core.
start_nginx_static() {
  local dir="$BENCH/nginx-static"
  local files=/dev/shm/streamcluster-bench-hls
  rm -rf "$files"
  mkdir -p "$dir/logs" "$dir/temp" "$files/live/bench"
  PACKAGER_RTMP_PORT=$(free_port)
  PACKAGER_HTTP_PORT=$(free_port)
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" java $JAVA_OPTS_SERVER -jar "$JAR" standalone --bind 127.0.0.1 \
    --rtmp-port "$PACKAGER_RTMP_PORT" --http-port "$PACKAGER_HTTP_PORT" >"$dir/packager.log" 2>&1 &
  PACKAGER_PID=$!
  PIDS+=("$PACKAGER_PID")
  wait_for_port "$PACKAGER_RTMP_PORT" "$PACKAGER_PID"
  wait_for_port "$PACKAGER_HTTP_PORT" "$PACKAGER_PID"
  PUBLISH_PORT=$PACKAGER_RTMP_PORT
  cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events {
  worker_connections 16000;
  multi_accept on;
}
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  types {
    application/vnd.apple.mpegurl m3u8;
    video/mp4 mp4;
    video/iso.segment m4s;
  }
  server {
    listen 127.0.0.1:$HTTP_PORT;
    root $files;
    location ~ \.m3u8\$ {
      add_header Cache-Control "public, max-age=1";
    }
    location / {
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
CONF
  taskset -c "$SERVER_CORE" nginx -p "$dir" -c "$dir/nginx.conf" 2>"$dir/logs/stderr.log" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_for_port "$HTTP_PORT" "$SERVER_PID"
}

# The mirror follows the packager once the publisher feeds it; nginx serves what it writes.
start_mirror() {
  taskset -c "$CLIENT_CORE" python3 "$ROOT/scripts/hls_mirror.py" \
    --index "http://127.0.0.1:$PACKAGER_HTTP_PORT/live/bench/index.m3u8" \
    --out /dev/shm/streamcluster-bench-hls/live/bench >"$BENCH/nginx-static/mirror.log" 2>&1 &
  MIRROR_PID=$!
  PIDS+=("$MIRROR_PID")
  for _ in $(seq 100); do
    [ -s /dev/shm/streamcluster-bench-hls/live/bench/media.m3u8 ] && return 0
    kill -0 "$MIRROR_PID" 2>/dev/null || { cat "$BENCH/nginx-static/mirror.log" >&2; return 1; }
    sleep 0.2
  done
  echo "the mirror wrote no playlist" >&2
  return 1
}

# start_ingest_relay SERIES PORT: the load tool's relay in front of the server's RTMP PORT (on
# the client core); it notes when each video frame passes, and the load tool reads that from
# INGEST_ARRIVALS to report the latency the server adds.
start_ingest_relay() {
  local arrivals
  RELAY_PORT=$(free_port)
  arrivals=$(free_port)
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" java -Xmx64m -cp "$LOAD_JAR" io.streamcluster.load.IngestRelayCommand \
    --listen "127.0.0.1:$RELAY_PORT" --target "127.0.0.1:$2" --arrivals "127.0.0.1:$arrivals" \
    >"$RUN_DIR/$1-relay.log" 2>&1 &
  RELAY_PID=$!
  PIDS+=("$RELAY_PID")
  wait_for_port "$RELAY_PORT" "$RELAY_PID"
  INGEST_ARRIVALS="127.0.0.1:$arrivals"
}

# The publisher needs little CPU but must never fall behind real time, or every subscriber of
# every server would look short; it runs at a raised priority.
start_publisher() {
  local port=${PUBLISH_PORT:-$RTMP_PORT}
  [ "$1" = nginx-hls ] || start_ingest_relay "$1" "$port"
  [ -z "$INGEST_ARRIVALS" ] || port=$RELAY_PORT
  nice -n -10 taskset -c "$CLIENT_CORE" ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 \
    -i "$MEDIA" -c copy -f flv "rtmp://127.0.0.1:$port/live/bench" \
    >"$RUN_DIR/$1-publisher.log" 2>&1 &
  PUBLISHER_PID=$!
  PIDS+=("$PUBLISHER_PID")
  sleep 4
  kill -0 "$PUBLISHER_PID" 2>/dev/null || { cat "$RUN_DIR/$1-publisher.log" >&2; return 1; }
}

# ramp_seconds N: how long the load tool takes to connect N subscribers (200/s, at least 5 s).
ramp_seconds() {
  if [ "$QUICK" = 1 ]; then echo 3; else echo $(( $1 / 200 > 5 ? $1 / 200 : 5 )); fi
}

# run_step SERVER PROTOCOL URL N [JSON]
run_step() {
  local server=$1 protocol=$2 url=$3 n=$4
  local json=${5:-$RUN_DIR/$server-$protocol-$n.json}
  local ramp
  ramp=$(ramp_seconds "$n")
  local pids before after load
  load=$(cut -d' ' -f1 /proc/loadavg)
  pids=$(server_pids "$SERVER_PID")
  before=$(sample "$pids")
  log "$server $protocol N=$n (ramp ${ramp}s, measure ${MEASURE}s)"
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" java $JAVA_OPTS_CLIENT -jar "$LOAD_JAR" \
    --url "$url" ${TLS_CA:+--ca-file "$TLS_CA"} --subscribers "$n" --ramp-seconds "$ramp" --settle-seconds "$SETTLE" \
    --duration-seconds "$MEASURE" --expected-kbps "$EXPECTED_KBPS" \
    --server-pid "$pids" --clock-ticks "$(getconf CLK_TCK)" \
    ${REFERENCE_URL:+--reference-url "$REFERENCE_URL"} \
    ${INGEST_ARRIVALS:+--ingest-arrivals "$INGEST_ARRIVALS"} \
    --json-out "$json" | sed 's/^/    /' >&2
  after=$(sample "$pids")
  echo "$server $protocol $n $before $after $load $(cut -d' ' -f1 /proc/loadavg)" >>"$RUN_DIR/steps.txt"
  sleep 3
}

# warm_up SERVER PROTOCOL URL N: N players for SERVER_WARM_UP seconds, not measured (see the top).
warm_up() {
  local server=$1 protocol=$2 url=$3 n=$4
  [ "$SERVER_WARM_UP" -gt 0 ] || return 0
  log "$server $protocol: warming up with N=$n for ${SERVER_WARM_UP}s (not measured)"
  # shellcheck disable=SC2086
  taskset -c "$CLIENT_CORE" java $JAVA_OPTS_CLIENT -jar "$LOAD_JAR" \
    --url "$url" ${TLS_CA:+--ca-file "$TLS_CA"} --subscribers "$n" --ramp-seconds "$(ramp_seconds "$n")" \
    --settle-seconds 0 --duration-seconds "$SERVER_WARM_UP" --expected-kbps "$EXPECTED_KBPS" \
    >"$RUN_DIR/$server-$protocol-warm-up.log" 2>&1 ||
    log "$server $protocol: the warm-up did not hold (see $server-$protocol-warm-up.log); measuring anyway"
  sleep 3
}

# live_heap LABEL N: the JVM server's live heap (a class histogram forces a full GC first).
live_heap() {
  local bytes
  bytes=$(jcmd "$SERVER_PID" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}')
  [ -n "$bytes" ] && echo "$1 $2 $bytes" >>"$RUN_DIR/heap.txt"
  return 0
}

# profile_step SERVER PROTOCOL URL N: one more step with a flight recording of the JVM server;
# not in the table. For RTMP, halfway through its window the live heap is read (the full GC it
# forces is why this step is not in the table).
profile_step() {
  local server=$1 protocol=$2 url=$3 n=$4 ramp heap_reader="" dir
  dir="$RUN_DIR/profile"
  [ "$protocol" = rtmp ] || dir="$RUN_DIR/profile-$protocol"
  mkdir -p "$dir"
  log "profiling $server $protocol at N=$n"
  jcmd "$SERVER_PID" JFR.start name=bench settings=profile filename="$dir/$server.jfr" >/dev/null
  ramp=$(ramp_seconds "$n")
  if [ "$protocol" = rtmp ]; then
    ( sleep $(( WARM_UP_SECONDS + ramp + SETTLE + MEASURE / 2 )); live_heap busy "$n" ) &
    heap_reader=$!
  fi
  run_step "$server" "$protocol" "$url" "$n" "$dir/$server-$protocol-$n.json"
  [ -z "$heap_reader" ] || wait "$heap_reader" || true
  jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 24 "$dir/$server.jfr" \
    >"$dir/samples.txt"
}

# idle_sample SERVER PROTOCOL: the server's RSS with the stream running and nobody watching.
idle_sample() {
  echo "$1 $2 $(sample "$(server_pids "$SERVER_PID")")" >>"$RUN_DIR/idle.txt"
}

# run_server SERVER PROTOCOL: a fresh server and publisher for each protocol, so that each
# series starts from the same idle memory.
# Other work on this host skews every figure; give it up to CALM_WAIT seconds to quieten.
wait_for_calm() {
  local waited=0
  while awk -v max="$CALM_LOAD" '{exit !($1 > max)}' /proc/loadavg && [ "$waited" -lt "$CALM_WAIT" ]; do
    [ "$waited" = 0 ] && log "load average $(cut -d' ' -f1 /proc/loadavg) > $CALM_LOAD; waiting up to ${CALM_WAIT}s"
    sleep 10
    waited=$((waited + 10))
  done
}

# PROTOCOL: rtmp, flv (HTTP-FLV), and with --tls rtmps and https (HTTPS-FLV), served by a
# StreamCluster that has the benchmark certificate.
run_server() {
  local server=$1 protocol=$2 kind=${1%%_*}
  wait_for_calm
  SC_ARGS=()
  [ "$TRANSPORT" = auto ] || SC_ARGS+=(--transport "$TRANSPORT")
  if [[ $server == *_*ms ]]; then
    local interval=${server##*_}
    SC_ARGS+=(--fan-out-interval-ms "${interval%ms}")
  fi
  INGEST_ARRIVALS=
  RTMP_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  RTMPS_PORT=""
  HTTPS_PORT=""
  if [ "$protocol" = rtmps ] || [ "$protocol" = https ]; then
    RTMPS_PORT=$(free_port)
    HTTPS_PORT=$(free_port)
  fi
  PUBLISH_PORT=""
  REFERENCE_URL=""
  log "starting $server on core $SERVER_CORE for $protocol"
  case "$kind-$protocol" in
    nginx-hls) start_nginx_static ;;
    nginx-*) start_nginx ;;
    streamcluster-*) start_streamcluster ;;
    edge-*) start_edge ;;
    *) echo "unknown server $server" >&2; return 1 ;;
  esac
  # The hop is measured between RTMP players; HLS players see parts, not frames.
  [ "$protocol" = hls ] && REFERENCE_URL=""
  start_publisher "$server-$protocol"
  [ "$server-$protocol" = nginx-hls ] && start_mirror
  local url n
  case "$protocol" in
    rtmp) url="rtmp://127.0.0.1:$RTMP_PORT/live/bench" ;;
    flv) url="http://127.0.0.1:$HTTP_PORT/live/bench.flv" ;;
    rtmps) url="rtmps://127.0.0.1:$RTMPS_PORT/live/bench" ;;
    https) url="https://127.0.0.1:$HTTPS_PORT/live/bench.flv" ;;
    hls) url="http://127.0.0.1:$HTTP_PORT/live/bench/index.m3u8" ;;
  esac
  idle_sample "$server" "$protocol"
  if [ "$server" = "$PROFILED" ] && [ "$protocol" = rtmp ] && [ "$PROFILE" = 1 ]; then
    live_heap idle 0
  fi
  warm_up "$server" "$protocol" "$url" "${STEPS%%,*}"
  for n in ${STEPS//,/ }; do
    run_step "$server" "$protocol" "$url" "$n"
  done
  if [ "$PROFILE" = 1 ] && case "$server-$protocol" in
      "$PROFILED-rtmp"|"$PROFILED-rtmps"|edge-hls|edge_*-hls) true ;; *) false ;; esac; then
    profile_step "$server" "$protocol" "$url" "${STEPS##*,}"
  fi
  cleanup
  PUBLISH_PORT=""
  REFERENCE_URL=""
  INGEST_ARRIVALS=""
  sleep 2
}

# The series of a server: one per --fan-out-intervals entry for StreamCluster's servers.
series_of() {
  local i
  if [ -z "$FAN_OUT_INTERVALS" ] || { [ "$1" != streamcluster ] && [ "$1" != edge ]; }; then
    echo "$1"
    return
  fi
  for i in ${FAN_OUT_INTERVALS//,/ }; do echo "$1_${i}ms"; done
}

# The StreamCluster series that is profiled: the one at 20 ms among several intervals, else the
# first.
PROFILED=$(series_of streamcluster | grep -x 'streamcluster_20ms' || series_of streamcluster | head -1)
for server in ${SERVERS//,/ }; do
  if [ "$server" = hls ]; then
    run_server edge hls
    run_server nginx hls
    rm -rf /dev/shm/streamcluster-bench-hls
    continue
  fi
  # nginx-rtmp serves RTMP only; StreamCluster's HTTP-FLV is measured on its own, and with --tls
  # its RTMPS and HTTPS-FLV against its own RTMP and HTTP-FLV.
  for series in $(series_of "$server"); do
    run_server "$series" rtmp
    if [ "$server" = streamcluster ]; then
      run_server "$series" flv
      if [ "$TLS" = 1 ]; then
        run_server "$series" rtmps
        run_server "$series" https
      fi
    fi
  done
done

# --- report --------------------------------------------------------------------------------------
python3 "$ROOT/scripts/benchmark_report.py" --run-dir "$RUN_DIR" --out-dir "$OUT_DIR" \
  --expected-kbps "$EXPECTED_KBPS" --measure-seconds "$MEASURE" --media "$MEDIA" \
  --server-warm-up-seconds "$SERVER_WARM_UP" $([ "$QUICK" = 1 ] && echo --quick)
gnuplot "$RUN_DIR/plots.gp"
log "wrote $OUT_DIR/benchmarks.md and its plots"
