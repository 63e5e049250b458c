#!/usr/bin/env python3
"""Mirrors a live LL-HLS stream into static files, for the benchmark's nginx peer.

    hls_mirror.py --index http://127.0.0.1:PORT/live/bench/index.m3u8 --out DIR/live/bench

Follows the media playlist with blocking reloads, as a player would, and writes every
initialization section, part and segment it names as a file under --out, with the same names,
next to index.m3u8 and media.m3u8. The media playlist it writes has no CAN-BLOCK-RELOAD and no
preload hint (a static server can do neither), so players poll it; files that left the playlist
are deleted a little later. Files are written under a temporary name and renamed, so nginx never
serves half a file. Runs until killed.
"""
import argparse
import os
import re
import time
import urllib.parse
import urllib.request

URI = re.compile(r'URI="([^"]+)"')


def fetch(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def names(playlist):
    found = []
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-PRELOAD-HINT"):
            continue
        if line.startswith("#"):
            found += URI.findall(line)
        elif line.strip():
            found.append(line.strip())
    return found


def static(playlist):
    out = []
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-PRELOAD-HINT"):
            continue
        if line.startswith("#EXT-X-SERVER-CONTROL:"):
            line = line.replace("CAN-BLOCK-RELOAD=YES,", "").replace(",CAN-BLOCK-RELOAD=YES", "")
        out.append(line)
    return "\n".join(out) + "\n"


def next_directives(playlist):
    """_HLS_msn and _HLS_part of the part after the newest one listed."""
    seq = int(re.search(r"#EXT-X-MEDIA-SEQUENCE:(\d+)", playlist).group(1))
    skip = re.search(r"SKIPPED-SEGMENTS=(\d+)", playlist)
    segments = playlist.count("#EXTINF")
    msn = seq + (int(skip.group(1)) if skip else 0) + segments
    tail = playlist.rsplit("#EXTINF", 1)[-1] if segments else playlist
    parts = tail.count("#EXT-X-PART:")
    return msn, parts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    index = fetch(args.index).decode()
    variant = [l for l in index.splitlines() if l and not l.startswith("#")][0]
    media = urllib.parse.urljoin(args.index, variant)
    write(os.path.join(args.out, "index.m3u8"), re.sub(r"media\.m3u8\?[^\n]*", "media.m3u8", index).encode())
    have = {}
    query = ""
    while True:
        try:
            playlist = fetch(media + query).decode()
        except Exception as e:  # noqa: BLE001 - the source restarts or lags: try again
            print("mirror:", e, flush=True)
            time.sleep(0.5)
            query = ""
            continue
        listed = names(playlist)
        for name in listed:
            if name not in have:
                write(os.path.join(args.out, name), fetch(urllib.parse.urljoin(media, name)))
                have[name] = None
        write(os.path.join(args.out, "media.m3u8"), static(playlist).encode())
        now = time.time()
        for name in list(have):
            if name in listed:
                have[name] = None
            elif have[name] is None:
                have[name] = now
            elif now - have[name] > 30:
                os.remove(os.path.join(args.out, name))
                del have[name]
        msn, part = next_directives(playlist)
        query = f"&_HLS_msn={msn}&_HLS_part={part}"


if __name__ == "__main__":
    main()
