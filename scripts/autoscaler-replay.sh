#!/usr/bin/env bash
# Writes docs/autoscaler-replay.md and its plots from two simulations of the autoscaler:
#  - AutoscalerReplayTest: a recorded-shape surge (1,000 -> 20,000 subscribers and back, with
#    noise) through the autoscaler alone, HPA's default behavior -> docs/autoscaler-replay.png;
#  - SurgeReplayTest: the launch surge through the real scaling loop (EdgeScaler) and the real
#    origin rotation (EdgeFleet), per audience curve, edge start-up and policy, beside an oracle
#    -> the table and docs/autoscaler-surge.png.
# Both are seeded: the same sources give the same figures.
#
#   scripts/autoscaler-replay.sh            run both tests, then write the docs
#   scripts/autoscaler-replay.sh --no-run   write the docs from the tests' last output in operator/target
#   MAVEN_FLAGS=-o scripts/autoscaler-replay.sh   extra Maven flags (here: offline)
#
# Everything in docs/autoscaler-replay.md below the line KEEP_MARKER (the figures measured on a real
# node by LaunchSurgeE2E, written by hand) is kept as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

KEEP_MARKER='<!-- Written by hand below this line; scripts/autoscaler-replay.sh keeps it. -->'
doc=docs/autoscaler-replay.md
out=operator/target

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "Installing gnuplot-nox..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi

if [ "${1:-}" != "--no-run" ]; then
  # shellcheck disable=SC2086 # MAVEN_FLAGS is a list of flags
  ./mvnw -q -B -ntp ${MAVEN_FLAGS:-} -pl media-server,crds,operator -am -Dfuzz.skip=true \
    -Dtest='AutoscalerReplayTest,SurgeReplayTest' -Dsurefire.failIfNoSpecifiedTests=false test
fi
csv=$out/autoscaler-replay.csv
for f in "$csv" "$out/surge-replay.md" "$out"/surge-timeline-{0,1,2,3}.csv; do
  [ -s "$f" ] || { echo "the replay tests wrote no $f (run without --no-run)" >&2; exit 1; }
done

kept=""
if [ -f "$doc" ]; then
  kept=$(awk -v marker="$KEEP_MARKER" 'found { print } $0 == marker { found = 1 }' "$doc")
fi

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

# the launch surge: four runs, from a minute before the event starts to ten minutes after it
title() { head -1 "$1" | sed 's/^# //; s/"/\\"/g'; }
gnuplot <<GP
set datafile separator ","
set terminal pngcairo size 1200,900 font ",9" noenhanced
set output "docs/autoscaler-surge.png"
set multiplot layout 2,2 title "Launch surge through the scaling loop and the origin rotation (target 1,500 and cap 2,000 per edge, 15 s sync)"
set xrange [-60:600]
set yrange [0:26000]
set y2range [0:65]
set xlabel "seconds from the event's start"
set ylabel "viewers"
set y2label "edges"
set ytics nomirror
set y2tics
set key top left horizontal maxcols 3 font ",8"
do for [i=0:3] {
  file = sprintf("$out/surge-timeline-%d.csv", i)
  set title (i == 0 ? "$(title "$out/surge-timeline-0.csv")" : \
             i == 1 ? "$(title "$out/surge-timeline-1.csv")" : \
             i == 2 ? "$(title "$out/surge-timeline-2.csv")" : \
                      "$(title "$out/surge-timeline-3.csv")")
  plot file using (\$1-900):2 skip 2 with lines lw 1 lc rgb "black" title "want to watch", \
       file using (\$1-900):3 skip 2 with lines lw 2 lc rgb "#1f77b4" title "on an edge", \
       file using (\$1-900):4 skip 2 with lines lw 1 lc rgb "#ff7f0e" title "waiting (held or retrying)", \
       file using (\$1-900):7 skip 2 with impulses lc rgb "#d62728" title "503 answers in that second", \
       file using (\$1-900):5 skip 2 axes x1y2 with steps lw 2 lc rgb "#2ca02c" title "edges ready", \
       file using (\$1-900):6 skip 2 axes x1y2 with steps lw 1 dt 2 lc rgb "#2ca02c" title "edges asked for"
}
unset multiplot
GP

{
  cat <<'MD'
# Autoscaler replay

Two simulations, both seeded and written by `scripts/autoscaler-replay.sh` (which runs the tests,
then gnuplot): the autoscaler's decisions on a recorded-shape surge, and the launch surge through
the whole scaling loop and the origins' rotation, per policy, beside the default of today.

## A recorded-shape surge, decision by decision

`AutoscalerReplayTest`: a surge from about 1,000 to 20,000 subscribers and back, with noise, one
decision per 15 s sync period, target 1,500 subscribers per edge, 2 to 50 edges, the HPA default
behavior (scale up at once by the larger of 100 % and 4 edges per 15 s; scale down after a 300 s
window, by up to 100 % per 15 s), through the autoscaler alone. The test asserts that edges are
requested within one sync period of the surge, that the direction never flips back and forth, and
that scale-in waits for the stabilization window.

![subscribers and edges over time](autoscaler-replay.png)

Decisions that changed the edges:

| time (s) | subscribers | edges before | recommended | desired | reason |
| ---: | ---: | ---: | ---: | ---: | --- |
MD
  awk -F, 'NR > 1 && $3 != $5 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$csv"
  cat <<'MD'

## The launch surge

`SurgeReplayTest` (in `operator/src/test/java/io/streamcluster/operator/surge/`) drives the
product's own control path in simulated time, a quarter of a second per step: the real
`EdgeScaler` (the loop the operator and `local` mode run, with its `Autoscaler`, deciding every
15 s) reads the real origin rotation (`EdgeFleet`: target first, overflow up to the cap, viewers
held while the cluster can still grow, 503 with `Retry-After` otherwise, refusals counted) and
tells it the target, the overflow, the hold, the edges on their way and how many more it may
add. Only the edges and the viewers are simulated:

- **Audience curves.** 1,000 viewers for 15 minutes, then 20,000 within 60 s, 120 s or 300 s
  (evenly), for 20 minutes, then they leave over 5 minutes; and a *flash crowd*, a scheduled start
  announced by a push notification: 13,000 within 20 s of the start, the rest of the 20,000 over
  the next three minutes.
- **Edge start-up**, from the scale-up to the edge's first check-in, drawn evenly: 8-12 s (a node
  with room and the image; the test node measures 8-10 s) or 60-180 s (a new node must be
  provisioned first).
- **Edges** carry a target of 1,500 and a cap of 2,000 subscribers, between 2 and 50 edges; they
  check in every 2 s; a removed edge drains for up to 600 s.
- **Viewers** ask for an edge as a mobile client asks `/cluster`: one answered 503 comes back after
  the `Retry-After` (today's origins send none: a client retrying every 5 s is the same), one held
  waits for the edge the origin hands it when one checks in, one that has waited two minutes gives
  up.
- **Policies.** *HPA default (today)*: HPA's default behavior (up by 100 % or 4 edges per 15 s),
  origins that fill edges to the cap and then answer 503 at once, and take no advice from the loop.
  *HPA default + rotation*: the same autoscaler, with the new rotation (`overflow` at its defaults:
  up to `maxSubscribers`, `holdSeconds: 8`). *predictive + rotation*:
  `behavior.scaleUp.predictive.enabled: true` as well. *schedule + rotation*: HPA's behavior and a
  capacity schedule holding room for the 20,000 from 10 minutes before the start until the viewers
  leave. *predictive + schedule*: both.
- **Oracle**: edges that are ready exactly when needed, at the target (ceil(viewers / 1,500), at
  least 2), and gone the moment they are not. "edge-minutes to the peak's end" counts until the
  viewers start to leave (what scaling up cost); "in all" adds the scale-in, which is HPA's
  300 s window and the drain for every policy. Starting edges count: they cost.

Columns: *viewers refused*: answered 503 at least once; *503 answers*: in all (a viewer refused
again counts again); *viewers held*: whose request the origin held until an edge had room;
*viewers who waited*: got an edge later than they asked; *longest wait*: the longest any viewer
waited for an edge; *gave up*: waited two minutes and left; *peak subscribers per edge*: the most
any edge carried (never beyond the cap of 2,000); *peak edges*: the most edge pods at once.

MD
  cat "$out/surge-replay.md"
  cat <<'MD'

![the launch surge: viewers, waiting, 503 answers and edges over time](autoscaler-surge.png)

The plot shows four runs from a minute before the event's start: today's policy and predictive
scale-up on the two-minute surge with 10 s start-ups (top), and a flash crowd with 60-180 s
start-ups without and with a schedule (bottom).

MD
  echo "$KEEP_MARKER"
  if [ -n "$kept" ]; then
    printf '%s\n' "$kept"
  fi
} > "$doc"
echo "Wrote $doc, docs/autoscaler-replay.png and docs/autoscaler-surge.png"
