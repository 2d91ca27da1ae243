#!/usr/bin/env python3
"""bench/soak_report.py WORK CONFIG... - the table of bench/soak.sh.

Reads, per configuration, WORK/CONFIG.rss (time, VmRSS KiB, threads per
sample), .wrk (wrk's output), .stderr (the runtime's exit line, with
RACEWAY_DEBUG=1) and .facts (CPU time, RSS at the end, file lines), and
prints markdown: one row per configuration, then each exit line.
"""
import os
import re
import sys


def facts(path):
    out = {}
    if os.path.exists(path):
        for line in open(path):
            k, _, v = line.strip().partition("=")
            out[k] = v
    return out


def samples(path):
    rows = []
    if os.path.exists(path):
        for line in open(path):
            f = line.split()
            if len(f) >= 2:
                rows.append((float(f[0]), int(f[1]) / 1024.0))
    return rows


def slope(rows):
    """Least-squares MB per minute, or None with fewer than 3 samples."""
    if len(rows) < 3:
        return None
    n = len(rows)
    mt = sum(t for t, _ in rows) / n
    mr = sum(r for _, r in rows) / n
    var = sum((t - mt) ** 2 for t, _ in rows)
    if var == 0:
        return None
    return 60 * sum((t - mt) * (r - mr) for t, r in rows) / var


def wrk(path):
    text = open(path).read() if os.path.exists(path) else ""
    num = lambda rx: (lambda m: m and m.group(1))(re.search(rx, text))
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                     r"timeout (\d+)", text)
    return {
        "rps": float(num(r"Requests/sec:\s+([\d.]+)") or 0),
        "requests": int(num(r"(\d+) requests in") or 0),
        "non2xx": int(num(r"Non-2xx or 3xx responses: (\d+)") or 0),
        "errors": sum(int(x) for x in errs.groups()) if errs else 0,
        "latency": num(r"Latency\s+(\S+)") or "-",
    }


def exit_line(path):
    if not os.path.exists(path):
        return ""
    for line in open(path, errors="replace"):
        if re.match(r"raceway: \d+ events:", line):
            return line.strip()
    return ""


def count(line, word):
    m = re.search(r"(\d+) " + word, line)
    return m.group(1) if m else "-"


def fmt(x, spec="%.1f"):
    return "-" if x is None else spec % x


def connection(cfg):
    """plain-close.2 -> close; races-ka@server -> ka."""
    return cfg.split("-", 1)[1].split("@")[0].split(".")[0]


def versus_plain(configs, rps, i):
    """Run i's req/s over the nearest plain run's of its connection kind
    before it and after it: "before / after", "-" where there is none."""
    if configs[i].startswith("plain-"):
        return "1.00"
    conn = connection(configs[i])
    near = lambda idx: next((rps[j] for j in idx if configs[j].startswith("plain-")
                             and connection(configs[j]) == conn and rps[j]), None)
    before = near(range(i - 1, -1, -1))
    after = near(range(i + 1, len(configs)))
    return " / ".join(fmt(rps[i] / p if p else None, "%.2f") for p in (before, after))


def main():
    work, configs = sys.argv[1], sys.argv[2:]
    print("| configuration | req/s | vs plain before / after | CPU s | CPU ms per 1k req | "
          "RSS start | max | end (MB) | slope MB/min: all, 2nd half | "
          "threads | produced | delivered | dropped | filtered | file lines | "
          "errors, non-2xx | load at start |")
    print("|---" * 17 + "|")
    lines = []
    wrks = [wrk(os.path.join(work, cfg + ".wrk")) for cfg in configs]
    rps = [w["rps"] for w in wrks]
    for i, cfg in enumerate(configs):
        f = facts(os.path.join(work, cfg + ".facts"))
        rows = samples(os.path.join(work, cfg + ".rss"))
        w = wrks[i]
        ex = exit_line(os.path.join(work, cfg + ".stderr"))
        cpu = float(f.get("cpu_s") or 0)
        per_k = 1000 * 1000 * cpu / w["requests"] if w["requests"] else None
        start = rows[0][1] if rows else None
        end_kb = f.get("rss_end_kb")
        end = int(end_kb) / 1024.0 if end_kb else None
        top = max([r for _, r in rows] + ([end] if end else [])) if rows else None
        half = [r for r in rows if rows and r[0] >= (rows[0][0] + rows[-1][0]) / 2]
        ratio = versus_plain(configs, rps, i)
        srv = f.get("server_rss_kb")
        print("| %s | %.0f | %s | %.1f | %s | %s | %s | %s | %s, %s | %s | %s | %s | %s | %s | %s | %d, %d | %s |" % (
            cfg, w["rps"], ratio, cpu, fmt(per_k, "%.0f"),
            fmt(start), fmt(top), fmt(end), fmt(slope(rows), "%+.2f"),
            fmt(slope(half), "%+.2f"), f.get("threads_end", "-"),
            count(ex, "events"), count(ex, "delivered"), count(ex, "dropped"),
            count(ex, "filtered"), f.get("lines", "-"), w["errors"],
            w["non2xx"], f.get("load", "-").split()[0] if f.get("load") else "-"))
        if ex:
            lines.append("* %s: `%s`%s" % (
                cfg, ex, "; the server's RSS at the end: %.0f MB" %
                (int(srv) / 1024.0) if srv else ""))
    print()
    print("The runtime's exit lines (RACEWAY_DEBUG=1), in order:")
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
