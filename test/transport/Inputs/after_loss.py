#!/usr/bin/env python3
"""after_loss.py LOG OUT - RACEWAY_WIRE_VECTOR=delta after a loss.

LOG and OUT are a collector's --log and --out run with --partial: every
second batch loses its tail (a 206, as the server's full queue answers).
A batch is sent whole before the next is encoded, so each thread's next
event after a 206 (in a later batch) must hold its whole vector on the
server: every "pid:tid" component the thread sent before, at least as
large (no slot is reused in the program, so names do not change), in what
it sent merged with its parent's vector as the server built it, if that
parent was delivered (a join's event may leave out what the joined
thread's last event holds, never what only a lost event held).  Prints how many such events were
checked and how many events sent less than their thread's whole vector
(deltas), and exits 1 if a check failed or nothing was checked.
"""
import json
import re
import sys

THREAD = re.compile(r"^\d+:\d+$")


def main(log, out):
    reqs = [json.loads(l) for l in open(log) if l.strip()]
    events = [json.loads(l) for l in open(out) if l.strip()]
    seen = {}          # thread -> {component: max value sent}
    server = {}        # delivered event id -> its vector on the server
    pos, checked, bad, deltas = 0, 0, 0, 0
    due = set()        # threads whose next event follows a loss
    for r in reqs:
        if "events" not in r:
            continue
        n = r["events"]
        kept = (n + 1) // 2 if r.get("status") == 206 and n > 1 else n
        for e in events[pos:pos + kept]:
            t = e["metadata"]["thread_id"]
            vc = {c: v for c, v in e["causality_vector"] if THREAD.match(c)}
            merged = dict(server.get(e.get("parent_id"), {}))
            for c, v in vc.items():
                merged[c] = max(merged.get(c, 0), v)
            server[e["id"]] = merged
            before = seen.setdefault(t, {})
            if t in due and before:
                checked += 1
                if any(merged.get(c, -1) < v for c, v in before.items()):
                    bad += 1
                    print("not whole after a loss: %s %s" % (e["id"], sorted(vc.items())))
            elif len(vc) < len(before):
                deltas += 1
            due.discard(t)
            for c, v in vc.items():
                before[c] = max(before.get(c, 0), v)
        pos += kept
        if r.get("status") == 206:
            due = set(seen)
    print("checked after a loss: %s" % ("yes" if checked else "none"))
    print("not whole after a loss: %d" % bad)
    print("deltas sent: %s" % ("yes" if deltas else "none"))
    return 0 if checked and not bad and deltas else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
