#!/usr/bin/env python3
"""max_vector.py EVENTS.jsonl: print the largest number of thread
components ("pid:tid" names) in any event's causality_vector, and the
number of distinct thread_ids."""
import json
import sys

widest, threads = 0, set()
with open(sys.argv[1]) as f:
    for line in f:
        ev = json.loads(line)
        names = [c[0] for c in ev.get("causality_vector", [])]
        widest = max(widest, sum(1 for n in names if n.replace(":", "").isdigit()))
        threads.add(ev["metadata"]["thread_id"])
print("widest_vector=%d threads=%d" % (widest, len(threads)))
