#!/usr/bin/env python3
"""lock_pairs.py FILE - per thread of a JSON Lines event file (in file order,
which is a thread's ring order), the lock events and what they guard, one
line a thread in the order threads first appear:

  thread <n>: <pairs> pairs, <empty> empty, <spawns> spawns

A pair is a LockAcquire and the next LockRelease of its lock_id; it is
empty when the thread sent no other event between the two: a held-back
acquisition recorded around an event that was then dropped."""
import json
import sys


def main(path):
    threads = {}
    for line in open(path):
        if not line.strip():
            continue
        e = json.loads(line)
        kind, body = next(iter(e["kind"].items()))
        threads.setdefault(e["metadata"]["thread_id"], []).append((kind, body))
    for n, events in enumerate(threads.values()):
        pairs = empty = spawns = 0
        open_at = {}
        for i, (kind, body) in enumerate(events):
            if kind == "AsyncSpawn":
                spawns += 1
            elif kind == "LockAcquire":
                open_at[body["lock_id"]] = i
            elif kind == "LockRelease" and body["lock_id"] in open_at:
                pairs += 1
                empty += open_at.pop(body["lock_id"]) == i - 1
        print(f"thread {n}: {pairs} pairs, {empty} empty, {spawns} spawns")


if __name__ == "__main__":
    main(sys.argv[1])
