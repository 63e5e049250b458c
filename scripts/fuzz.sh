#!/usr/bin/env bash
# Fuzzes every parser of network bytes for longer than the build does: each Jazzer fuzz target
# of the media server in a JVM of its own, for --minutes each (or until --executions), with the
# corpus kept between runs (media-server/.cifuzz-corpus) and any finding written as a regression
# input under media-server/src/test/resources. Every input is checked for exceptions, for what the
# pipeline holds while it reads, and for leaks (an exact count of the buffers it allocated, and
# Netty's leak detector sampling); the heap is capped, so an unbounded allocation fails too.
#
#   scripts/fuzz.sh [--minutes N] [--executions N] [--target NAME]...
#
# Targets: handshake chunk-decoder amf0 upstream-pull http-request check-in-json, and the HLS
# playlists a player reads (media-playlist multivariant-playlist, in the load tool's tests)
# (default: all).
# Prints one line per target (executions, seconds, result) and writes them to
# media-server/target/fuzz/summary.txt. On a shared machine run it under the bench lock:
#   flock <the machine's benchmark lock> scripts/fuzz.sh --minutes 15
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=10
executions=0
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --executions) executions="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

declare -A classes=(
  [handshake]=io.streamcluster.media.fuzz.RtmpHandshakeFuzzTest
  [chunk-decoder]=io.streamcluster.media.fuzz.RtmpChunkDecoderFuzzTest
  [amf0]=io.streamcluster.media.fuzz.Amf0FuzzTest
  [upstream-pull]=io.streamcluster.media.edge.UpstreamPullFuzzTest
  [http-request]=io.streamcluster.media.fuzz.HttpRequestFuzzTest
  [check-in-json]=io.streamcluster.media.clusterapi.CheckInJsonFuzzTest
  [media-playlist]=io.streamcluster.load.PlaylistFuzzTest#aMediaPlaylistIsReadOrRefusedAndThenPlayable
  [multivariant-playlist]=io.streamcluster.load.PlaylistFuzzTest#aMultivariantPlaylistIsReadOrRefused
)
order=(handshake chunk-decoder amf0 upstream-pull http-request check-in-json media-playlist
  multivariant-playlist)
[[ ${#targets[@]} -eq 0 ]] && targets=("${order[@]}")

offline=()
[[ -d "$HOME/.m2/repository/com/code-intelligence/jazzer-junit" ]] && offline=(-o)
./mvnw -B -ntp -q "${offline[@]}" -pl media-server,load-tool test-compile

out=media-server/target/fuzz
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
status=0
for target in "${targets[@]}"; do
  class="${classes[$target]:-}"
  if [[ -z "$class" ]]; then
    echo "unknown target $target (one of: ${order[*]})" >&2
    exit 2
  fi
  log="$out/$target.log"
  echo "fuzzing $target ($class) for ${minutes} min, log $log"
  args=(-Djazzer.max_duration="${minutes}m" -Djazzer.instrumentation_includes='io.streamcluster.**'
    -Djazzer.custom_hook_includes='io.streamcluster.**')
  [[ "$executions" -gt 0 ]] && args+=(-Djazzer.max_executions="$executions")
  # The playlist parsers match lines with regular expressions; Jazzer's hook that guides inputs
  # through every regex node costs four fifths to nine tenths of each execution there, so the
  # long runs go without it (the build's short runs keep it).
  [[ "$target" == *-playlist ]] &&
    args+=(-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexRoadblocks)
  # the load tool's targets need the media server's classes from the same reactor build
  modules=media-server
  [[ "$class" == io.streamcluster.load.* ]] && modules=media-server,load-tool
  if JAZZER_FUZZ=1 ./mvnw -B -ntp "${offline[@]}" -pl "$modules" test-compile surefire:test \
      -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}" \
      "-Dtest.jvm.args=-Xmx512m -Dio.netty.leakDetection.level=SIMPLE -Djava.io.tmpdir=target" \
      > "$log" 2>&1; then
    result=passed
  else
    result=FAILED
    status=1
  fi
  done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")
  seconds=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")
  line=$(printf '%-14s %12s executions %6s s %s' "$target" "${runs:-?}" "${seconds:-?}" "$result")
  echo "$line" | tee -a "$summary"
done
exit $status
