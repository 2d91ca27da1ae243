#!/usr/bin/env python3
"""normalize_events.py FILE - a JSON Lines event file with what differs
from run to run replaced, for comparing two runs byte for byte:
timestamps become "TS", and UUIDs, "pid:tid" names, pids, thread ids, hex addresses and
durations become numbered placeholders in order of first appearance.  The
lines themselves are kept as written (key order, spacing)."""

import json
import re
import sys

SUBS = [
    ("U", re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
    ("A", re.compile(r"0x[0-9a-f]+")),
    ("S", re.compile(r"\b[0-9a-f]{16}\b")),             # span ids
]
TS = re.compile(r'"timestamp":"[^"]*"')


def main():
    names = {}
    out = []
    with open(sys.argv[1]) as f:
        for n, line in enumerate(f, 1):
            pid = json.loads(line)["metadata"]["process_id"]
            line = TS.sub('"timestamp":"TS"', line.rstrip("\n"))
            line = re.sub(r'"process_id":\d+', '"process_id":PID', line)
            line = re.sub(r"\b%d:\d+\b" % pid, lambda m: names.setdefault(
                ("T", m.group(0)), "T%d" % sum(1 for k in names if k[0] == "T")), line)
            for tag, rx in SUBS:
                line = rx.sub(lambda m, tag=tag: names.setdefault((tag, m.group(0)),
                              "%s%d" % (tag, sum(1 for k in names if k[0] == tag))), line)
            out.append(line)
    print("\n".join(out))


if __name__ == "__main__":
    main()
