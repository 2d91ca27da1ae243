#!/usr/bin/env python3
"""spawn_lost.py FULL.jsonl DELTA.jsonl - spawn_lost.c's events, sent with
whole vectors (RACEWAY_WIRE_VECTOR=full) and with only what the parent
lacks (delta), from two runs that record the same events (the program is
sequential; RACEWAY_FLUSH_HOLD=1 encodes them in the same order).

Checks, printing one line each:
  * the spawner's ring was full: some threads' AsyncSpawn is missing;
  * every thread's first event has a parent the server holds (an earlier
    line), none is a root: a thread whose spawn was dropped descends from
    the spawner's event before it;
  * each event's vector as the server rebuilds it (the vector sent merged
    with its parent's, plus the server's own per-trace counter;
    server_model.py) is the same in both runs: names ("pid:tid", event and
    trace ids) are numbered in order of first appearance, per file;
  * in the full run, a thread's first event's parent adds no thread entry
    ("pid:tid") to the whole vector sent: the server's thread entries are
    the program's order (the detector's clock); a parent adds at most trace
    components of events before it (which the whole vector, 32 of them at
    most, may have left out), and the names of threads that ended before
    (the earlier threads of a reused slot, which its chain brought along
    with a later thread's entry: docs/real-server.md);
  * the delta run sends fewer vector entries.
Exit 1 if any check fails.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import server_model  # noqa: E402

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TID = re.compile(r"^[0-9]+:[0-9]+$")


class Names:
    """Numbers names in order of first appearance."""
    def __init__(self):
        self.n = {}

    def __call__(self, s):
        if UUID.match(s) or TID.match(s):
            return self.n.setdefault(s, "n%d" % len(self.n))
        return s


def load(path):
    ev = server_model.load([path])
    m = server_model.Model(ev)
    names = Names()
    out = []
    for i, e in enumerate(ev):
        names(e["id"])
        th = names(e["metadata"]["thread_id"])
        vc = sorted((names(c), v) for c, v in m.svc[i].items())
        out.append((th, list(e["kind"])[0], vc))
    return ev, m, out


def main():
    full_ev, _, full = load(sys.argv[1])
    delta_ev, _, delta = load(sys.argv[2])
    ok = True
    spawns = sum(1 for e in delta_ev if "AsyncSpawn" in e["kind"])
    threads = len({e["metadata"]["thread_id"] for e in delta_ev}) - 1
    lost = spawns < threads
    print("spawns dropped: %s (%d spawns for %d threads)" % (
        "yes" if lost else "NO", spawns, threads))
    ok &= lost
    main_tid = delta_ev[0]["metadata"]["thread_id"]
    roots = sum(1 for e in delta_ev if not e.get("parent_id") and
                e["metadata"]["thread_id"] != main_tid)
    print("threads' first events with a parent: %s (%d roots)" % (
        "yes" if roots == 0 else "NO", roots))
    ok &= roots == 0
    same = len(full) == len(delta)
    diff = None
    for i, (a, b) in enumerate(zip(full, delta)):
        if a != b:
            same, diff = False, (i, a, b)
            break
    print("server vectors equal: %s (%d and %d events)" % (
        "yes" if same else "NO", len(full), len(delta)))
    if diff:
        print("first difference: event %d\n  full:  %s\n  delta: %s" % diff)
    ok &= same
    adds = 0
    fm = server_model.Model(full_ev)
    last = {}   # thread_id -> index of its last event
    for i, e in enumerate(full_ev):
        last[e["metadata"]["thread_id"]] = i
    for i, e in enumerate(full_ev):
        p = e.get("parent_id")
        pi = fm.idx.get(p) if p else None
        if pi is None or full_ev[pi]["metadata"]["thread_id"] == e["metadata"]["thread_id"]:
            continue
        if "AsyncAwait" in e["kind"]:
            continue   # a join: its parent is the joined thread's last event
        sent = dict((c, v) for c, v in e["causality_vector"])
        adds += any(sent.get(c, -1) < v for c, v in fm.svc[pi].items()
                    if TID.match(c) and last.get(c, len(full_ev)) > i)
    print("first events' parents add no thread entry: %s (%d add)" % (
        "yes" if adds == 0 else "NO", adds))
    ok &= adds == 0
    nf = sum(len(e["causality_vector"]) for e in full_ev)
    nd = sum(len(e["causality_vector"]) for e in delta_ev)
    print("delta sends fewer entries: %s (%d of %d)" % (
        "yes" if nd < nf else "NO", nd, nf))
    ok &= nd < nf
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
