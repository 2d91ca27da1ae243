#!/usr/bin/env python3
"""first_after_spawn.py EVENTS.jsonl: each thread's first event whose parent
is a delivered AsyncSpawn: how many, and the widest causality_vector among
them, in entries and in thread components ("pid:tid")."""
import json
import sys

with open(sys.argv[1]) as f:
    events = [json.loads(line) for line in f]
by_id = {e["id"]: e for e in events}
seen, n, widest, threads = set(), 0, 0, 0
for e in events:
    tid = e["metadata"]["thread_id"]
    if tid in seen:
        continue
    seen.add(tid)
    parent = by_id.get(e["parent_id"])
    if parent is None or "AsyncSpawn" not in parent["kind"]:
        continue
    n += 1
    vec = e["causality_vector"]
    widest = max(widest, len(vec))
    threads = max(threads, sum(1 for c in vec if c[0].replace(":", "").isdigit()))
print("first events after their spawn: %d" % n)
print("widest: %d entries, %d threads" % (widest, threads))
