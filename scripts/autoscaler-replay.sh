#!/usr/bin/env bash
# Replays a recorded-shape surge (1,000 -> 20,000 subscribers and back, with noise) through the
# autoscaler with its default behavior, and writes the decisions as a table and a plot:
# docs/autoscaler-replay.md and docs/autoscaler-replay.png.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "Installing gnuplot-nox..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi

./mvnw -q -B -ntp -pl operator -am -Dtest=AutoscalerReplayTest -Dsurefire.failIfNoSpecifiedTests=false test
csv=operator/target/autoscaler-replay.csv
[ -s "$csv" ] || { echo "the replay wrote no $csv" >&2; exit 1; }

gnuplot <<GP
set datafile separator ","
set terminal pngcairo size 1100,500 font ",10"
set output "docs/autoscaler-replay.png"
set title "Autoscaler replay: subscribers and edges (target 1,500 per edge, 2..50 edges, HPA default behavior, 15 s sync)"
set xlabel "time (s)"
set ylabel "subscribers"
set y2label "edges"
set ytics nomirror
set y2tics
set key top right
plot "$csv" using 1:2 skip 1 with lines lw 1 title "subscribers", \
     "$csv" using 1:5 skip 1 axes x1y2 with steps lw 2 title "desired edges", \
     "$csv" using 1:4 skip 1 axes x1y2 with points pt 7 ps 0.3 title "recommended (before stabilization)"
GP

{
  echo "# Autoscaler replay"
  echo
  echo "Made by \`scripts/autoscaler-replay.sh\` from \`AutoscalerReplayTest\`: a surge from about 1,000 to"
  echo "20,000 subscribers and back, with noise, one decision per 15 s sync period, target 1,500"
  echo "subscribers per edge, 2 to 50 edges, the HPA default behavior (scale up at once by the larger"
  echo "of 100 % and 4 edges per 15 s; scale down after a 300 s window, by up to 100 % per 15 s)."
  echo "The test asserts that edges are requested within one sync period of the surge, that the"
  echo "direction never flips back and forth, and that scale-in waits for the stabilization window."
  echo
  echo "![subscribers and edges over time](autoscaler-replay.png)"
  echo
  echo "Decisions that changed the edges:"
  echo
  echo "| time (s) | subscribers | edges before | recommended | desired | reason |"
  echo "| ---: | ---: | ---: | ---: | ---: | --- |"
  awk -F, 'NR > 1 && $3 != $5 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$csv"
} > docs/autoscaler-replay.md
echo "Wrote docs/autoscaler-replay.md and docs/autoscaler-replay.png"
