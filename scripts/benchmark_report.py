#!/usr/bin/env python3
"""Turns the load tool's JSON reports from one benchmark run into docs/benchmarks.md and plots.

Called by scripts/benchmark.sh; reads RUN_DIR/<server>-<protocol>-<n>.json, steps.txt and
idle.txt, writes OUT_DIR/benchmarks.md, RUN_DIR/*.dat and RUN_DIR/plots.gp (for gnuplot).
"""
import argparse
import glob
import json
import os
import platform
import re
import statistics
import subprocess
from datetime import datetime, timezone

LABELS = {
    ("streamcluster", "rtmp"): "StreamCluster RTMP",
    ("streamcluster", "flv"): "StreamCluster HTTP-FLV",
    ("streamcluster", "rtmps"): "StreamCluster RTMPS",
    ("streamcluster", "https"): "StreamCluster HTTPS-FLV",
    ("nginx", "rtmp"): "nginx-rtmp RTMP",
    ("edge", "rtmp"): "StreamCluster edge RTMP",
    ("edge", "hls"): "StreamCluster edge LL-HLS",
    ("nginx", "hls"): "nginx static LL-HLS files",
}
# Each TLS protocol and the plain one it is compared with, on the same server and interval.
TLS_PLAIN = {"rtmps": "rtmp", "https": "flv"}
GOAL_CPU_RATIO = 0.6


def label(key):
    """A series' name: streamcluster_20ms is StreamCluster at --fan-out-interval-ms 20."""
    server, protocol = key
    base, _, interval = server.partition("_")
    name = LABELS.get((base, protocol), f"{server} {protocol}")
    return f"{name} ({interval[:-2]} ms)" if interval.endswith("ms") else name


def order(key):
    """Series in LABELS' order, a server's fan-out intervals ascending."""
    base, _, interval = key[0].partition("_")
    known = list(LABELS)
    at = known.index((base, key[1])) if (base, key[1]) in known else 99
    return (at, int(interval[:-2]) if interval.endswith("ms") else -1)


def preferred(table, server):
    """The RTMP series of a server that the single-series goals read: the plain one, or among
    several fan-out intervals the one at 20 ms (the profiled one), else the first."""
    keys = [k for k in table if k[0].partition("_")[0] == server and k[1] == "rtmp"]
    for wanted in ((server, "rtmp"), (f"{server}_20ms", "rtmp")):
        if wanted in keys:
            return wanted
    return keys[0] if keys else None


def tls_pairs(table):
    """Each TLS series with the plain series of the same server (and fan-out interval)."""
    return [(key, (key[0], TLS_PLAIN[key[1]])) for key in sorted(table, key=order)
            if key[1] in TLS_PLAIN]


def is_streamcluster(key):
    """A standalone StreamCluster's RTMP or HTTP-FLV series, at any fan-out interval."""
    return key[0].partition("_")[0] == "streamcluster" and key[1] in ("rtmp", "flv")
GOAL_TLS_RATIO = 1.5
GOAL_TTFF_P99_MS = 300
GOAL_MARGINAL_KIB = 24
GOAL_HOP_P99_MS = 150
GOAL_HLS_PLAYERS = 2000
GOAL_HLS_CPU_RATIO = 1.5


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=20).stdout.strip()
    except Exception:  # noqa: BLE001 - machine facts are best effort
        return ""


def machine():
    model = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem = sh("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")
    java = sh("java -version 2>&1 | head -1")
    nginx = sh("nginx -v 2>&1")
    ffmpeg = sh("ffmpeg -version | head -1 | cut -d' ' -f1-3")
    return [
        f"CPU: {model}, {os.cpu_count()} cores",
        f"memory: {mem}",
        f"kernel: {platform.release()}",
        f"Java: {java}",
        f"nginx: {nginx.replace('nginx version: ', '')} with libnginx-mod-rtmp",
        f"publisher: {ffmpeg}",
        "load average when the report was written: " + open("/proc/loadavg").read().split(" ", 3)[:3].__str__().strip("[]").replace("'", ""),
    ]


def load_runs(run_dir):
    runs = {}
    for path in glob.glob(os.path.join(run_dir, "*.json")):
        m = re.match(r"(\w+)-(\w+)-(\d+)\.json$", os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            report = json.load(f)
        subs = report.pop("subscribers", None) or []
        gaps = sorted(x["longestGapMs"] for x in subs if x.get("ttffMs") is not None)
        report["_gapP50"] = gaps[len(gaps) // 2] if gaps else None
        report["_gapMax"] = gaps[-1] if gaps else None
        report["_stallEnds"] = sorted(
            x["longestGapEndSeconds"] for x in subs
            if x["stalls"] and x.get("longestGapEndSeconds") is not None)
        runs.setdefault((m.group(1), m.group(2)), {})[int(m.group(3))] = report
    return runs


def load_steps(run_dir):
    """Host load average (1 min) at each step's start and end, keyed by (server, protocol, n)."""
    loads = {}
    path = os.path.join(run_dir, "steps.txt")
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 9:
                loads[(f[0], f[1], int(f[2]))] = (float(f[7]), float(f[8]))
    return loads


def load_idle(run_dir):
    idle = {}
    path = os.path.join(run_dir, "idle.txt")
    if os.path.exists(path):
        for line in open(path):
            server, protocol, _cpu, rss = line.split()
            idle[(server, protocol)] = int(rss)
    return idle


def load_live_heap(run_dir):
    """The JVM server's live heap (bytes) at idle and at the profiled N, or None."""
    path = os.path.join(run_dir, "heap.txt")
    if not os.path.exists(path):
        return None
    heap = {}
    for line in open(path):
        label, n, nbytes = line.split()
        heap[label] = (int(n), int(nbytes))
    if "idle" not in heap or "busy" not in heap or heap["busy"][0] <= 0:
        return None
    n, busy = heap["busy"]
    return {"n": n, "idle": heap["idle"][1], "busy": busy,
            "per_sub_kib": (busy - heap["idle"][1]) / n / 1024}


def slope(points):
    if len(points) < 2:
        return None
    xs, ys = zip(*points)
    mx, my = statistics.mean(xs), statistics.mean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else None


def fmt(value, digits=0, suffix=""):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def row_values(report, idle_rss):
    server = report.get("server") or {}
    n = report["subscriberCount"]
    rss_end = server.get("rssKibAtEnd")
    marginal = (rss_end - idle_rss) / n if rss_end is not None and idle_rss is not None else None
    return {
        "n": n,
        "held": report["holds"],
        "met": report["met"],
        "required": report["required"],
        "ttff50": report["ttffMs"].get("p50"),
        "ttff99": report["ttffMs"].get("p99"),
        "kbps1": report["kbps"].get("p1"),
        "kbps50": report["kbps"].get("p50"),
        "stalled": report["withStall"],
        "disconnects": report["disconnects"],
        "mbps": report["deliveredMbps"],
        "cpu_pct": server.get("cpuPercent"),
        "cpu_gbit": server.get("cpuSecondsPerDeliveredGbit"),
        "rss_mib": rss_end / 1024 if rss_end is not None else None,
        "marginal": marginal,
        "client_pct": report["clientCpuPercent"],
        "gap50": report.get("_gapP50"),
        "gapmax": report.get("_gapMax"),
        "stall_ends": report.get("_stallEnds") or [],
        "failures": report.get("failures") or {},
        "timeline50": report["timeline"].get("p50"),
        "hop": report.get("hopLatency"),
        "added": report.get("addedLatency"),
    }


def added(row):
    """The added latency's p50 / p99 in ms, or a dash."""
    a = row.get("added") or {}
    return f"{fmt(a.get('p50Ms'), 1)} / {fmt(a.get('p99Ms'), 1)}" if a.get("samples") else "–"


def limits(label, rows):
    notes = []
    for r in rows:
        why = []
        if r["client_pct"] >= 90:
            why.append(f"the load tool's core was {r['client_pct']:.0f}% busy")
        if r["cpu_pct"] is not None and r["cpu_pct"] >= 90:
            why.append(f"the server's core was {r['cpu_pct']:.0f}% busy")
        if r["disconnects"]:
            why.append(f"{r['disconnects']} subscribers were disconnected")
        if r["stalled"]:
            ends = r["stall_ends"]
            when = (f", the longest gaps ending {ends[0]:+.1f} s to {ends[-1]:+.1f} s from the "
                    "window's start" if ends else "")
            why.append(f"{r['stalled']} subscribers stalled over 1 s (longest gap "
                       f"{r['gapmax']:.0f} ms{when})")
        if r["timeline50"] is not None and r["timeline50"] < 0.98:
            why.append(f"the stream itself reached subscribers at {100 * r['timeline50']:.1f}% of "
                       "real time, all of them alike, which points at the source (the publisher or a "
                       "starved host) rather than at delivery (host load average " + r["load"] + ")")
        for reason, count in r["failures"].items():
            why.append(f"{count} × {reason}")
        if not r["held"] or why:
            verdict = "held" if r["held"] else "not held"
            notes.append(f"- {label}, N = {r['n']:,} ({verdict}): " + ("; ".join(why) or "below 98% of the bitrate"))
    return notes


def profile(run_dir, subdir="profile"):
    """Per JFR event type: top-of-stack methods and the nearest StreamCluster frame below them."""
    path = os.path.join(run_dir, subdir, "samples.txt")
    if not os.path.exists(path):
        return None
    counts = {}  # event -> (top, owner, total)
    event, frames, in_stack = None, [], False

    def add(kind, stack):
        top, owner, total = counts.setdefault(kind, ({}, {}, [0]))
        total[0] += 1
        top[stack[0]] = top.get(stack[0], 0) + 1
        mine = next((f for f in stack if f.startswith("io.streamcluster.")), "(no StreamCluster frame)")
        owner[mine] = owner.get(mine, 0) + 1

    for line in open(path):
        line = line.strip()
        if line.endswith("{") and line.startswith("jdk."):
            event = line.split()[0]
        elif line.startswith("stackTrace = ["):
            frames, in_stack = [], True
        elif in_stack and line.startswith("]"):
            in_stack = False
            if not frames:
                continue
            if event == "jdk.NativeMethodSample" and "epollWait" in frames[0]:
                add("idle", frames)
            else:
                add(event, frames)
        elif in_stack and line and line != "...":
            frames.append(re.sub(r"\s+line:.*$", "", line))
    n = None
    for path in glob.glob(os.path.join(run_dir, subdir, "*.json")):
        with open(path) as f:
            n = json.load(f)["subscriberCount"]
    result = {}
    for kind, (top, owner, total) in counts.items():
        result[kind] = (total[0], sorted(top.items(), key=lambda kv: -kv[1])[:12],
                        sorted(owner.items(), key=lambda kv: -kv[1])[:8])
    return (n, result) if result else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run-dir", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--expected-kbps", type=float, required=True)
    ap.add_argument("--measure-seconds", type=float, required=True)
    ap.add_argument("--media", required=True)
    ap.add_argument("--server-warm-up-seconds", type=float, default=0)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()

    runs = load_runs(args.run_dir)
    idle = load_idle(args.run_dir)
    steps = load_steps(args.run_dir)
    live_heap = load_live_heap(args.run_dir)
    table = {}
    for key in sorted(runs, key=order):
        idle_rss = idle.get(key)
        rows = [row_values(runs[key][n], idle_rss) for n in sorted(runs[key])]
        for r in rows:
            start, end = steps.get((key[0], key[1], r["n"]), (None, None))
            r["load"] = f"{start:.1f} → {end:.1f}" if start is not None else "–"
        points = [(0, idle_rss)] if idle_rss is not None else []
        points += [(r["n"], r["rss_mib"] * 1024) for r in rows if r["rss_mib"] is not None]
        table[key] = {"rows": rows, "idle": idle_rss, "slope": slope(points)}

    out = []
    w = out.append
    w("# Benchmarks: subscribers per core, StreamCluster and nginx-rtmp side by side")
    w("")
    w(f"Generated by `scripts/benchmark.sh` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
      + (" (quick smoke run)" if args.quick else "") + ". Rerun it to refresh this page.")
    w("")

    # --- goals ---
    sc, ng = table.get(preferred(table, "streamcluster")), table.get(("nginx", "rtmp"))
    w("## Goals and where we are")
    w("")
    w("| goal | measured | met |")
    w("| --- | --- | --- |")
    for key, entry in table.items():
        held_all = all(r["held"] for r in entry["rows"])
        held = ", ".join(f"{r['n']:,}" for r in entry["rows"] if r["held"]) or "none"
        steps = ", ".join(f"{r['n']:,}" for r in entry["rows"])
        w(f"| {label(key)}: every step the load tool can drive is held | "
          f"held {held} of {steps} | {'yes' if held_all else 'no'} |")
    sc_keys = [k for k in table if is_streamcluster(k)]
    if sc_keys and ng:
        ng_rows = {r["n"]: r for r in ng["rows"]}
        for key in sc_keys:
            for n in (1000, 3000):
                s = next((r for r in table[key]["rows"] if r["n"] == n), None)
                g = ng_rows.get(n)
                goal = f"| CPU per delivered Gbit ≤ {GOAL_CPU_RATIO}× nginx-rtmp at {n:,} ({label(key)}) |"
                if s and g and s["cpu_gbit"] and g["cpu_gbit"]:
                    ratio = s["cpu_gbit"] / g["cpu_gbit"]
                    w(f"{goal} {s['cpu_gbit']:.3f} vs {g['cpu_gbit']:.3f} CPU s/Gbit = {ratio:.2f}× | "
                      f"{'yes' if ratio <= GOAL_CPU_RATIO and s['held'] else 'no'} |")
                else:
                    w(f"{goal} not measured | – |")
    if sc and ng:
        s3 = next((r for r in sc["rows"] if r["n"] == 3000), None)
        if s3 and s3["ttff99"] is not None:
            w(f"| time to first frame p99 ≤ {GOAL_TTFF_P99_MS} ms at 3,000 (RTMP) | {s3['ttff99']:.0f} ms "
              f"(nginx-rtmp: {fmt(ng_rows.get(3000, {}).get('ttff99'))} ms) | "
              f"{'yes' if s3['ttff99'] <= GOAL_TTFF_P99_MS else 'no'} |")
        if sc["slope"] is not None and live_heap is not None:
            total = sc["slope"] + live_heap["per_sub_kib"]
            w(f"| marginal memory ≤ {GOAL_MARGINAL_KIB} KiB per subscriber (RTMP) | {total:.1f} KiB = "
              f"RSS slope {sc['slope']:.1f} (heap fixed and pre-touched) + live heap "
              f"{live_heap['per_sub_kib']:.1f} (at {live_heap['n']:,}) "
              f"(nginx-rtmp: {fmt(ng['slope'], 1)} KiB) | {'yes' if total <= GOAL_MARGINAL_KIB else 'no'} |")
        elif sc["slope"] is not None:
            w(f"| marginal memory ≤ {GOAL_MARGINAL_KIB} KiB per subscriber (RTMP) | RSS slope {sc['slope']:.1f} KiB "
              f"(nginx-rtmp: {fmt(ng['slope'], 1)} KiB); live heap not measured (run with profiling) | – |")
    for tls_key, plain_key in tls_pairs(table):
        tls, plain = table.get(tls_key), table.get(plain_key)
        if not tls:
            continue
        plain_rows = {r["n"]: r for r in plain["rows"]} if plain else {}
        for n in (1000, 3000):
            t = next((r for r in tls["rows"] if r["n"] == n), None)
            p = plain_rows.get(n)
            goal = (f"| CPU per delivered Gbit with TLS ≤ {GOAL_TLS_RATIO}× without at {n:,} "
                    f"({label(tls_key)} / {label(plain_key)}) |")
            if t and p and t["cpu_gbit"] and p["cpu_gbit"]:
                ratio = t["cpu_gbit"] / p["cpu_gbit"]
                w(f"{goal} {t['cpu_gbit']:.3f} vs {p['cpu_gbit']:.3f} CPU s/Gbit = {ratio:.2f}× | "
                  f"{'yes' if ratio <= GOAL_TLS_RATIO else 'no'} |")
            else:
                w(f"{goal} not measured | – |")
    edge_key = preferred(table, "edge")
    edge = table.get(edge_key)
    edge_hops = [r for r in edge["rows"] if r["hop"] and r["hop"].get("p99Ms") is not None] if edge else []
    if edge_hops:
        top = edge_hops[-1]
        p99 = top["hop"]["p99Ms"]
        w(f"| p99 latency the edge hop adds ≤ {GOAL_HOP_P99_MS} ms at full load (largest N, "
          f"{top['n']:,} on the edge) | {p99:.1f} ms (p50 {top['hop']['p50Ms']:.1f} ms, "
          f"{top['hop']['samples']:,} frames; step {'held' if top['held'] else 'not held'}) | "
          f"{'yes' if p99 <= GOAL_HOP_P99_MS and top['held'] else 'no'} |")
    elif edge:
        w(f"| p99 latency the edge hop adds ≤ {GOAL_HOP_P99_MS} ms at full load | no hop samples | no |")
    hls, static = table.get(("edge", "hls")), table.get(("nginx", "hls"))
    if hls:
        top = max((r for r in hls["rows"] if r["held"]), key=lambda r: r["n"], default=None)
        w(f"| {GOAL_HLS_PLAYERS:,} LL-HLS players held per edge (99.9% rule) | "
          f"{'held up to ' + format(top['n'], ',') if top else 'none held'} of "
          f"{', '.join(format(r['n'], ',') for r in hls['rows'])} | "
          f"{'yes' if top and top['n'] >= GOAL_HLS_PLAYERS else 'no'} |")
    if hls and static:
        st_rows = {r["n"]: r for r in static["rows"]}
        pairs = [(h, st_rows.get(h["n"])) for h in hls["rows"]]
        pairs = [(h, g) for h, g in pairs if g and h["cpu_gbit"] and g["cpu_gbit"]]
        at = next((p for p in pairs if p[0]["n"] == GOAL_HLS_PLAYERS), pairs[-1] if pairs else None)
        if at:
            h, g = at
            ratio = h["cpu_gbit"] / g["cpu_gbit"]
            w(f"| LL-HLS CPU per delivered Gbit ≤ {GOAL_HLS_CPU_RATIO}× nginx serving the same files, "
              f"at {h['n']:,} | {h['cpu_gbit']:.3f} vs {g['cpu_gbit']:.3f} CPU s/Gbit = {ratio:.2f}× | "
              f"{'yes' if ratio <= GOAL_HLS_CPU_RATIO else 'no'} |")
    if not (sc_keys and ng):
        missing = "StreamCluster" if not sc_keys else "nginx-rtmp"
        w(f"| CPU per Gbit, time to first frame and memory against nginx-rtmp | {missing} was not run | – |")
    w("")

    # --- results ---
    w("## Results")
    w("")
    w("Each row is one step: N subscribers connected over the ramp, then measured over "
      f"{args.measure_seconds:.0f} s. *held* is met/required (99.9% rule). CPU and RSS are the "
      "server's, read from `/proc` at the window's start and end; *marginal RSS* is "
      "(RSS at the step − RSS with the stream running and no subscriber) / N. *Host load* is the "
      "1-minute load average at the step's start and end: the machine is shared, and anything "
      "above about 3 (server, load tool and publisher) is other work competing for the cores.")
    w("")
    w("| server | N | held | TTFF p50 / p99 ms | kbit/s p1 / p50 | longest gap p50 / max ms | stalled | disc. | delivered Mbit/s "
      "| server CPU % | CPU s per Gbit | added latency p50 / p99 ms | RSS MiB | marginal KiB/sub | load tool CPU % | host load |")
    w("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for key, entry in table.items():
        for r in entry["rows"]:
            w(f"| {label(key)} | {r['n']:,} | {'yes' if r['held'] else '**no**'} {r['met']:,}/{r['required']:,} "
              f"| {fmt(r['ttff50'])} / {fmt(r['ttff99'])} | {fmt(r['kbps1'])} / {fmt(r['kbps50'])} "
              f"| {fmt(r['gap50'])} / {fmt(r['gapmax'])} "
              f"| {r['stalled']} | {r['disconnects']} | {fmt(r['mbps'], 1)} | {fmt(r['cpu_pct'])} "
              f"| {fmt(r['cpu_gbit'], 3)} | {fmt((r['added'] or {}).get('p50Ms'), 1)} / "
              f"{fmt((r['added'] or {}).get('p99Ms'), 1)} | {fmt(r['rss_mib'], 1)} | {fmt(r['marginal'], 1)} | {fmt(r['client_pct'])} "
              f"| {r['load']} |")
    w("")
    w("Memory, as the slope of RSS over N (least squares, including the idle point):")
    w("")
    for key, entry in table.items():
        w(f"- {label(key)}: idle {fmt((entry['idle'] or 0) / 1024, 1)} MiB, "
          f"{fmt(entry['slope'], 1)} KiB per subscriber")
    if live_heap is not None:
        w(f"- StreamCluster's live Java heap (class histogram after a full GC): "
          f"{live_heap['idle'] / 1048576:.1f} MiB idle, {live_heap['busy'] / 1048576:.1f} MiB with "
          f"{live_heap['n']:,} RTMP players, {live_heap['per_sub_kib']:.1f} KiB per subscriber. "
          "The heap itself is fixed (`-Xms256m -Xmx256m -XX:+AlwaysPreTouch`) and resident from "
          "the start, so it is in the idle RSS above and the slope is what players add outside it.")
    w("")

    for key in sc_keys if ng else []:
        w(f"### {label(key)} / nginx-rtmp RTMP, same N")
        w("")
        w("| N | CPU s per Gbit (ratio) | marginal KiB/sub (ratio) | TTFF p99 ms | added latency p50 / p99 ms |")
        w("| ---: | ---: | ---: | ---: | ---: |")
        ng_rows = {r["n"]: r for r in ng["rows"]}
        cpu_ratios, mem_ratios = [], []
        for s in table[key]["rows"]:
            g = ng_rows.get(s["n"])
            if not g:
                continue
            cr = s["cpu_gbit"] / g["cpu_gbit"] if s["cpu_gbit"] and g["cpu_gbit"] else None
            mr = s["marginal"] / g["marginal"] if s["marginal"] and g["marginal"] and g["marginal"] > 0 else None
            if cr:
                cpu_ratios.append(cr)
            if mr:
                mem_ratios.append(mr)
            w(f"| {s['n']:,} | {fmt(s['cpu_gbit'], 3)} / {fmt(g['cpu_gbit'], 3)} ({fmt(cr, 2)}×) "
              f"| {fmt(s['marginal'], 1)} / {fmt(g['marginal'], 1)} ({fmt(mr, 2)}×) "
              f"| {fmt(s['ttff99'])} / {fmt(g['ttff99'])} "
              f"| {added(s)} (nginx-rtmp {added(g)}) |")
        w("")
        w(f"Median over the steps: CPU per Gbit {fmt(statistics.median(cpu_ratios) if cpu_ratios else None, 2)}×, "
          f"marginal memory {fmt(statistics.median(mem_ratios) if mem_ratios else None, 2)}× nginx-rtmp's.")
        w("")

    tls_lines = []
    for tls_key, plain_key in tls_pairs(table):
        tls, plain = table.get(tls_key), table.get(plain_key)
        if not (tls and plain):
            continue
        plain_rows = {r["n"]: r for r in plain["rows"]}
        for t in tls["rows"]:
            p = plain_rows.get(t["n"])
            if not p:
                continue
            cr = t["cpu_gbit"] / p["cpu_gbit"] if t["cpu_gbit"] and p["cpu_gbit"] else None
            mr = (t["marginal"] / p["marginal"]
                  if t["marginal"] and p["marginal"] and p["marginal"] > 0 else None)
            tls_lines.append(
                f"| {label(tls_key)} / {label(plain_key)} | {t['n']:,} "
                f"| {fmt(t['cpu_gbit'], 3)} / {fmt(p['cpu_gbit'], 3)} ({fmt(cr, 2)}×) "
                f"| {fmt(t['marginal'], 1)} / {fmt(p['marginal'], 1)} ({fmt(mr, 2)}×) "
                f"| {fmt(t['ttff99'])} / {fmt(p['ttff99'])} |")
    if tls_lines:
        w("### The cost of TLS: StreamCluster with TLS / without, same N")
        w("")
        w("The same server, stream and load tool; the TLS series serve a P-256 certificate from a "
          "test CA that the load tool verifies, over TLS 1.3 (OpenSSL on both sides where "
          "netty-tcnative loads). TTFF with TLS includes the TLS handshake.")
        w("")
        w("| series | N | CPU s per Gbit (ratio) | marginal KiB/sub (ratio) | TTFF p99 ms |")
        w("| --- | ---: | ---: | ---: | ---: |")
        for line in tls_lines:
            w(line)
        w("")

    for key, entry in table.items():
        cpu = [r["cpu_gbit"] for r in entry["rows"] if r["cpu_gbit"]]
        if cpu:
            w(f"- {label(key)}: median {statistics.median(cpu):.3f} CPU s per delivered Gbit.")
    w("")
    if hls and static:
        w("### LL-HLS: a StreamCluster edge and nginx serving the same files, same N")
        w("")
        w("The edge packages the stream it pulls and answers blocking playlist reloads; nginx "
          "serves a mirror of a StreamCluster rendition as static files (the same parts, segments "
          "and initialization sections, the playlist without blocking reload), so its players poll "
          "the playlist once per part target. Both are the anchor of plain HTTP serving at the same "
          "request pattern: a playlist and a part per part.")
        w("")
        w("| N | held (edge / nginx) | CPU s per Gbit (ratio) | TTFF p99 ms |")
        w("| ---: | --- | ---: | ---: |")
        st_rows = {r["n"]: r for r in static["rows"]}
        for h in hls["rows"]:
            g = st_rows.get(h["n"])
            if not g:
                continue
            cr = h["cpu_gbit"] / g["cpu_gbit"] if h["cpu_gbit"] and g["cpu_gbit"] else None
            w(f"| {h['n']:,} | {'yes' if h['held'] else 'no'} / {'yes' if g['held'] else 'no'} "
              f"| {fmt(h['cpu_gbit'], 3)} / {fmt(g['cpu_gbit'], 3)} ({fmt(cr, 2)}×) "
              f"| {fmt(h['ttff99'])} / {fmt(g['ttff99'])} |")
        w("")
    if edge:
        w(f"### The edge hop ({label(edge_key)})")
        w("")
        w("Players on the edge, one reference player on the origin. For every video frame an edge "
          "player received in the window: its arrival minus the reference's arrival of the frame "
          "with the same timestamp, both on the load tool's clock. A frame an edge player read "
          "before the reference did (both sockets ready in the same pass of the load tool's event "
          "loop) is matched once the reference has it and counts as a small negative sample. "
          "*Unmatched* frames are those the reference went past without having, or had not "
          "received by the window's end; they are not in the percentiles.")
        w("")
        w(f"| edge N | held | frames | unmatched | hop p50 ms | hop p99 ms | hop max ms | p99 ≤ {GOAL_HOP_P99_MS} ms |")
        w("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for r in edge["rows"]:
            h = r["hop"] or {}
            p99 = h.get("p99Ms")
            w(f"| {r['n']:,} | {'yes' if r['held'] else '**no**'} | {h.get('samples', 0):,} "
              f"| {h.get('unmatched', 0):,} | {fmt(h.get('p50Ms'), 1)} | {fmt(p99, 1)} "
              f"| {fmt(h.get('maxMs'), 1)} | {'–' if p99 is None else ('yes' if p99 <= GOAL_HOP_P99_MS else 'no')} |")
        w("")
    w("![server CPU seconds per delivered gigabit against N](benchmark-cpu-per-gbit.png)")
    w("")
    w("![server RSS against N](benchmark-rss.png)")
    w("")

    # --- limits ---
    w("## What limits each run")
    w("")
    notes = []
    for key, entry in table.items():
        notes += limits(label(key), entry["rows"])
    w("\n".join(notes) if notes else "- Nothing flagged: every step was held with both cores below 90%.")
    w("")
    w("A step that is not held while the load tool's core is full says more about the client than "
      "the server: on two cores the load tool saturates its own core before either server gives up. "
      "That is why servers are compared on what they spend (CPU per delivered gigabit, memory per "
      "subscriber) at the same N and client settings, not on the largest N they hold.")
    w("")

    for subdir, what in (("profile", "RTMP"), ("profile-rtmps", "RTMPS"),
                         ("profile-hls", "LL-HLS on an edge")):
        prof = profile(args.run_dir, subdir)
        if not prof:
            continue
        n, kinds = prof
        w(f"### Where StreamCluster spends its core (flight recording, {what}, N = {n:,})")
        w("")
        w("JDK Flight Recorder (`profile` settings), attached with `jcmd` for one extra step after "
          "the measured ones. *Java* samples are threads running Java code (every 10 ms); "
          "*native* samples are threads inside a native call such as a socket write (every 20 ms), "
          "not counting event loops idle in `epoll_wait`"
          + (f" ({kinds['idle'][0]:,} such samples)" if "idle" in kinds else "") + ".")
        w("")
        for kind, title in (("jdk.ExecutionSample", "Java"), ("jdk.NativeMethodSample", "native")):
            if kind not in kinds:
                continue
            total, top, owner = kinds[kind]
            w(f"| {title}: share of {total:,} samples | top of the stack |")
            w("| ---: | --- |")
            for frame, count in top:
                w(f"| {100 * count / total:.1f}% | `{frame}` |")
            w("")
            w(f"| {title}: share | nearest StreamCluster frame |")
            w("| ---: | --- |")
            for frame, count in owner:
                w(f"| {100 * count / total:.1f}% | `{frame}` |")
            w("")

    # --- method ---
    w("## Method")
    w("")
    w("- One command: `scripts/benchmark.sh` (`--servers nginx,streamcluster,edge`, `--steps`, "
      "`--measure-seconds`, `--quick` for a two-step smoke run, `--tls` for StreamCluster's "
      "RTMPS and HTTPS-FLV series). It builds the media server, installs ffmpeg, nginx, "
      "libnginx-mod-rtmp, gnuplot and openssl when missing, and stops every process it started "
      "by its PID.")
    w("- TLS series (`--tls`): the same StreamCluster, started with a certificate (ECDSA P-256, "
      "from a CA that openssl makes once under `target/bench/tls`), serves the players over RTMPS "
      "or HTTPS; the load tool verifies the certificate (`--ca-file`) and speaks TLS through "
      "OpenSSL too, on its own core. nginx-rtmp has no RTMPS, so TLS is compared with the same "
      "server without it.")
    w(f"- The stream: `{os.path.basename(args.media)}`, 60 s of ffmpeg `testsrc2` 1024×768 at 30 fps, "
      f"H.264 (x264 veryfast, constant bitrate with filler, 2 s GOP) + AAC 128 kbit/s, encoded once "
      f"and cached; {args.expected_kbps:.0f} kbit/s as ffprobe measures the file. It is published in "
      "a loop with `ffmpeg -re -stream_loop -1 -c copy`, so the publisher costs next to nothing.")
    w("- The server is pinned to core 0 (`taskset`), the load tool and the publisher to core 1. "
      "nginx runs one worker with its own generated config (`live on`, chunk size 4096), "
      "StreamCluster runs `java -jar media-server.jar standalone`. nginx-rtmp serves RTMP "
      "only, so RTMP is compared with RTMP; StreamCluster's HTTP-FLV is reported on its own.")
    w("- The LL-HLS series: the edge setup above, with players that play as hls.js does in "
      "low-latency mode (the load tool's HLS mode: index.m3u8, its media playlist with the "
      "session it names, the initialization section, then each part, asking a blocking reload "
      "for the next one; a whole segment only when it fell behind), one keep-alive connection "
      "each. The nginx peer (one worker, `sendfile`, keep-alive) serves files in /dev/shm that "
      "`scripts/hls_mirror.py` keeps in step with a StreamCluster packager on core 1; those "
      "players reload the playlist once per part target instead of blocking. A player's bitrate "
      "counts every byte it read (playlists and headers too).")
    w("- The edge series: a StreamCluster `edge` on core 0 is the server under test (its CPU and "
      "RSS are measured); its `origin` runs on core 1 with the load tool and the publisher, which "
      "publishes to the origin. The edge pulls the stream on its first player (one upstream) and "
      "keeps the origin's timestamps. The load tool plays N players on the edge plus, with "
      "`--reference-url`, one reference player on the origin that is not counted in N. The "
      "edge's idle RSS is taken before any player, so before it has pulled the stream. The "
      "reference shares core 1 with the load tool, so a busy client core delays the reference "
      "and the edge players alike; the hop figure includes the edge's fan-out batching "
      "(`--fan-out-interval-ms`, 100 ms by default, which the origin's batching mostly lines "
      "up with).")
    w("- Fan-out intervals (`--fan-out-intervals 0,20,100`): each StreamCluster server runs once "
      "per interval (`--fan-out-interval-ms`), a series each; without the option, at its default. "
      "`--transport` picks the socket transport of every StreamCluster server (`auto` by default).")
    w("- Added latency: the publisher publishes through the load tool's ingest relay "
      "(`io.streamcluster.load.IngestRelayCommand`, on core 1), which passes every byte to the "
      "server unchanged and notes on the machine's monotonic clock when each video frame passed "
      "it; the load tool (`--ingest-arrivals`) matches each player's video frames against those "
      "arrivals by timestamp. *Added latency* is a frame's arrival at a player minus its arrival "
      "at the server, over every video frame every player received in the window: what the "
      "server (its batching, its queues, the sockets) adds, including the time the load tool's "
      "busy core takes to read it. For the edge series it spans origin and edge.")
    w("- The JVM servers run with a fixed, pre-touched heap (`-Xms256m -Xmx256m "
      "-XX:+AlwaysPreTouch`; `BENCH_SERVER_JAVA_OPTS` overrides it): every heap page is resident "
      "from the start, so the RSS slope is what subscribers add outside the heap, and the live "
      "heap per subscriber is read separately (class histogram, which forces a full GC, at idle "
      "and halfway through the profiling step). With a heap that grows on demand, RSS mostly "
      "follows how much of the young generation the collector has touched, not the subscribers.")
    w("- Before each step's ramp the load tool plays 20 untimed subscribers for 3 s and closes "
      "them (`--warm-up-subscribers`), so that its own cold start (a new JVM per step) is not "
      "counted as the server's time to first frame; every server gets the same warm-up.")
    if args.server_warm_up_seconds > 0:
        w(f"- Before a series' first measured step its server plays that step's N for "
          f"{args.server_warm_up_seconds:.0f} s, unmeasured (`--server-warm-up-seconds`), so that a "
          "JVM server's first measured step is not its just-in-time compiler's busiest time; "
          "nginx-rtmp gets the same warm-up.")
    else:
        w("- No server warm-up before the first measured step (`--server-warm-up-seconds 0`, or "
          "`--quick`): a JVM server's first step includes its just-in-time compiler's busiest time.")
    w("- The load tool (`load-tool/target/streamcluster-load.jar`, `io.streamcluster.load.LoadTool`) "
      "is a Netty client on one event loop thread with native epoll. It reads with the media "
      "server's own codec (its RTMP chunk reader and FLV tag header) but skips media payloads: "
      "it follows FLV tag and RTMP chunk headers to find message boundaries, timestamps and "
      "keyframes, and never copies or assembles media. Subscribers are connected "
      "evenly over a ramp (N/200 s, at least 5 s), left 3 s to settle, then measured.")
    w("- Per subscriber: bitrate over the window (bytes on the wire), stalls (no audio or video "
      "for more than 1 s after the first frame), time to first frame (connect start → first "
      "video keyframe that carries a picture, so a server without a GOP cache waits for the next "
      "keyframe), disconnects. A server holds N when ≥ 99.9% of subscribers receive ≥ 98% of the "
      "stream's bitrate with no stall and no disconnect.")
    w("- Server CPU time is the time its threads ran on a CPU, summed from each thread's "
      "`/proc/PID/task/TID/schedstat` (nanoseconds, without time a virtual machine's host took "
      "away; utime + stime from `/proc/PID/stat` where schedstat is missing), nginx: master + "
      "worker. RSS is VmRSS from `/proc/PID/status`, both read by the load tool at the window's "
      "edges. CPU "
      "seconds per delivered gigabit = server CPU seconds over the window / gigabits all "
      "subscribers received in it.")
    w("")
    w("Machine:")
    w("")
    for fact in machine():
        w(f"- {fact}")
    w("")

    os.makedirs(args.out_dir, exist_ok=True)
    target = os.path.join(args.out_dir, "benchmarks.md")
    # Notes written by hand between the markers survive a rerun.
    notes = None
    if os.path.exists(target):
        m = re.search(r"<!-- notes -->.*?<!-- /notes -->", open(target).read(), re.S)
        notes = m.group(0) if m else None
    if notes:
        at = out.index("## Method")
        out[at:at] = [notes, ""]
    with open(target, "w") as f:
        f.write("\n".join(out))

    # --- plots ---
    plots = []
    for i, (key, entry) in enumerate(table.items()):
        dat = os.path.join(args.run_dir, f"{key[0]}-{key[1]}.dat")
        with open(dat, "w") as f:
            if entry["idle"] is not None:
                f.write(f"0 NaN {entry['idle'] / 1024:.2f}\n")
            for r in entry["rows"]:
                f.write(f"{r['n']} {r['cpu_gbit'] if r['cpu_gbit'] else 'NaN'} "
                        f"{r['rss_mib'] if r['rss_mib'] is not None else 'NaN'}\n")
        plots.append((dat, label(key)))
    cpu_png = os.path.join(args.out_dir, "benchmark-cpu-per-gbit.png")
    rss_png = os.path.join(args.out_dir, "benchmark-rss.png")
    with open(os.path.join(args.run_dir, "plots.gp"), "w") as f:
        f.write('set terminal pngcairo size 900,540 font "sans,11"\n')
        f.write("set grid\nset key top left\nset xlabel 'subscribers (N)'\nset xrange [0:*]\n")
        f.write(f"set output '{cpu_png}'\n")
        f.write("set title 'Server CPU seconds per delivered gigabit (lower is better)'\n")
        f.write("set ylabel 'CPU s / Gbit'\nset yrange [0:*]\n")
        f.write("plot " + ", ".join(f"'{d}' using 1:2 with linespoints lw 2 title '{t}'" for d, t in plots) + "\n")
        f.write(f"set output '{rss_png}'\n")
        f.write("set title 'Server resident memory (RSS)'\nset ylabel 'RSS MiB'\n")
        f.write("plot " + ", ".join(f"'{d}' using 1:3 with linespoints lw 2 title '{t}'" for d, t in plots) + "\n")


if __name__ == "__main__":
    main()
