#!/usr/bin/env python3
"""Checks and plots one soak run (scripts/soak.sh): reads OUT_DIR/samples.csv, publisher.txt,
load.json, load.txt and server.log; writes OUT_DIR/summary.txt and OUT_DIR/soak.png (matplotlib,
installed with pip when missing). Exits 1 when a check fails:

- no buffer leak reported by Netty's leak detector;
- no staying player disconnected;
- no staying player went more than a second without media except while the publisher was away
  (from its drop until 5 s after it came back: reconnect and the next keyframe);
- memory flat: the median RSS and direct buffer memory of the last third of the run within
  --max-growth-mib of those of the first third (after the ramp).
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys

RESUME_SLACK_MS = 5000


def read_samples(path):
    rows = []
    with open(path) as f:
        for row in csv.DictReader(f):
            try:
                rows.append({k: float(v) for k, v in row.items()})
            except (TypeError, ValueError):
                continue
    return rows


def absences(path):
    """The publisher's absences as (down_ms, back_ms + slack) intervals."""
    events = []
    if os.path.exists(path):
        for line in open(path):
            kind, ms = line.split()
            events.append((kind, int(ms)))
    out = []
    for i, (kind, ms) in enumerate(events):
        if kind == "down":
            back = next((m for k, m in events[i + 1:] if k == "up"), ms + 60_000)
            out.append((ms, back + RESUME_SLACK_MS))
    return out


def explained(gap, away):
    start, end = gap
    return any(start < a_end and end > a_start for a_start, a_end in away)


def stall_moments(unexplained, samples, players):
    """Unexplained stalls grouped by the second they began in, with the host's load then."""
    by_second = {}
    for _, (start, end) in unexplained:
        by_second.setdefault(int(start // 1000), []).append(end - start)
    t0 = samples[0]["epoch_ms"] if samples else 0
    lines = [f"unexplained stalls began in {len(by_second)} distinct seconds:"]
    for second, lengths in sorted(by_second.items(), key=lambda item: -len(item[1]))[:10]:
        at = second * 1000
        nearest = min(samples, key=lambda s: abs(s["epoch_ms"] - at)) if samples else {}
        load = nearest.get("host_load1")
        lines.append(
            f"  +{(at - t0) / 1000:.0f} s: {len(lengths)} of {players} players,"
            f" {min(lengths) / 1000:.1f}-{max(lengths) / 1000:.1f} s,"
            f" host load average {load if load is not None else '?'}")
    return lines


def plot(out_dir, samples, away, title, stalls=()):
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"], check=False)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "no plot: matplotlib could not be installed"
    t0 = samples[0]["epoch_ms"]
    minutes = [(s["epoch_ms"] - t0) / 60000 for s in samples]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.plot(minutes, [s["rss_bytes"] / 2**20 for s in samples], label="RSS (MiB)")
    ax.plot(minutes, [s["direct_bytes"] / 2**20 for s in samples], label="direct buffers (MiB)")
    ax.plot(minutes, [s["heap_buffer_bytes"] / 2**20 for s in samples], label="heap buffers (MiB)")
    for a_start, a_end in away:
        ax.axvspan((a_start - t0) / 60000, (a_end - RESUME_SLACK_MS - t0) / 60000, color="grey", alpha=0.2)
    for second in sorted({int(start // 1000) for _, (start, _) in stalls}):
        ax.axvline((second * 1000 - t0) / 60000, color="red", linewidth=0.8, alpha=0.6)
    ax.set_xlabel("minutes (grey: publisher away; red: players stalled while it was there)")
    ax.set_ylabel("MiB")
    ax.set_ylim(bottom=0)
    players = ax.twinx()
    players.plot(minutes, [s["subscribers"] for s in samples], color="black", linewidth=0.6, label="players")
    players.set_ylabel("players")
    players.set_ylim(bottom=0)
    lines = ax.get_legend_handles_labels()
    more = players.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="lower right", fontsize=8)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "soak.png"), dpi=100)
    return "plot: soak.png"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--minutes", type=float, default=0)
    parser.add_argument("--players", type=int, default=0)
    parser.add_argument("--churn", type=int, default=0)
    parser.add_argument("--max-growth-mib", type=float, default=32)
    args = parser.parse_args()
    d = args.out_dir

    samples = read_samples(os.path.join(d, "samples.csv"))
    away = absences(os.path.join(d, "publisher.txt"))
    log = open(os.path.join(d, "server.log"), errors="replace").read()
    leaks = log.count("LEAK:")
    report = json.load(open(os.path.join(d, "load.json"))) if os.path.exists(os.path.join(d, "load.json")) else {}
    subs = report.get("subscribers", [])
    load_txt = open(os.path.join(d, "load.txt"), errors="replace").read() if os.path.exists(os.path.join(d, "load.txt")) else ""
    churn_line = next((l for l in load_txt.splitlines() if l.startswith("churn:")), "churn: (none)")

    disconnected = [s["id"] for s in subs if s.get("disconnected")]
    no_media = [s["id"] for s in subs if s.get("ttffMs") is None]
    gaps = [(s["id"], tuple(g)) for s in subs for g in (s.get("gaps") or [])]
    unexplained = [(i, g) for i, g in gaps if not explained(g, away)]

    # memory: after the ramp (the first sixth), first third against last third
    steady = samples[len(samples) // 6:] if len(samples) >= 12 else samples
    third = max(1, len(steady) // 3)
    def growth(key):
        if len(steady) < 3:
            return 0.0
        return (statistics.median(s[key] for s in steady[-third:]) - statistics.median(s[key] for s in steady[:third])) / 2**20
    rss_growth = growth("rss_bytes")
    direct_growth = growth("direct_bytes")
    peak_players = max((s["subscribers"] for s in samples), default=0)

    checks = {
        "no leak reported": leaks == 0,
        "no staying player disconnected": not disconnected and len(subs) > 0,
        "every staying player received media": not no_media and len(subs) > 0,
        "no stall but while the publisher was away": not unexplained,
        f"RSS flat (within {args.max_growth_mib:.0f} MiB)": rss_growth <= args.max_growth_mib,
        f"direct buffers flat (within {args.max_growth_mib:.0f} MiB)": direct_growth <= args.max_growth_mib,
    }
    title = f"soak: {args.minutes:g} min, {args.players} players + {args.churn} coming and going, publisher dropping"
    lines = [
        title,
        f"samples: {len(samples)}, peak players on the server: {peak_players:.0f}",
        f"publisher absences: {len(away)}",
        churn_line,
        f"staying players: {len(subs)}, disconnected: {len(disconnected)}, without media: {len(no_media)}",
        f"gaps over 1 s: {len(gaps)}, of which outside the publisher's absences: {len(unexplained)}",
        f"leaks reported: {leaks}",
        f"RSS: first third {statistics.median(s['rss_bytes'] for s in steady[:third]) / 2**20:.0f} MiB,"
        f" last third {statistics.median(s['rss_bytes'] for s in steady[-third:]) / 2**20:.0f} MiB ({rss_growth:+.1f} MiB)"
        if steady else "RSS: no samples",
        f"direct buffers: first third {statistics.median(s['direct_bytes'] for s in steady[:third]) / 2**20:.1f} MiB,"
        f" last third {statistics.median(s['direct_bytes'] for s in steady[-third:]) / 2**20:.1f} MiB ({direct_growth:+.1f} MiB)"
        if steady else "direct buffers: no samples",
    ]
    lines += [f"{'PASS' if ok else 'FAIL'}: {name}" for name, ok in checks.items()]
    if unexplained:
        lines.append(f"first unexplained gaps: {unexplained[:5]}")
        lines += stall_moments(unexplained, samples, len(subs))
    lines.append(plot(d, samples, away, title, unexplained) if samples else "no plot: no samples")
    text = "\n".join(lines) + "\n"
    open(os.path.join(d, "summary.txt"), "w").write(text)
    print(text, end="")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
