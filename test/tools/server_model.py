#!/usr/bin/env python3
"""server_model.py - the Raceway server's race pairing, replayed on a JSON
Lines event file, next to the program's real order.

The server (Mode7Labs/raceway core/src/graph.rs, read at c217f74) builds,
for each event in arrival order: a causality vector = the client's vector
merged (max) with its parent's server vector, plus its own component
("service#instance" when metadata.instance_id is set, else the trace id) set
to a per-trace counter; a lock set per thread_id from LockAcquire and
LockRelease.  Two StateChange events on one variable are paired unless both
read (Read/Read, AtomicRead/AtomicRead), they share a lock, or one happens
before the other:
  * same trace, different threads: only if one is an ancestor of the other
    (parent_id links) AND the vector test below holds;
  * otherwise: every component of A is in B with A <= B, and one is <.
Per-trace analysis pairs different threads of one trace (events reachable
from the trace's roots through parent links); global analysis pairs any two
events on different threads OR in different traces.

The program's real order comes from the client's own vector (components
named like metadata.thread_id, "pid:tid", which the runtime fills from its
happens-before clocks), merged along parent_id links (a parent always
happened before its child): A happened before B when A's epoch of its own
thread is <= B's entry for that thread.  A pair the server reports whose accesses
the program ordered is a false pair; a truly concurrent pair the server
orders is a missed one.

  server_model.py events.jsonl [--json]
prints per analysis (global, and each trace): server pairs, false pairs,
missed pairs, and the distinct (variable, location, location) of each.
"""
import argparse
import json
import re
import sys
from collections import defaultdict

SAFE = {("Read", "Read"), ("AtomicRead", "AtomicRead")}
THREAD_RE = re.compile(r"^\d+:\d+$")


def load(paths):
    events = []
    for p in paths:
        with open(p) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                obj = json.loads(line)
                events.extend(obj["events"] if "events" in obj else [obj])
    return events


class Model:
    def __init__(self, events):
        self.ev = events
        self.idx = {}
        self.svc = []          # server vectors (dict)
        self.anc = []          # ancestor bitsets (int)
        self.locks = []        # server lock sets
        self.real = []         # client thread clocks, merged along parents
        self.reach = {}        # trace -> set of indices reachable from roots
        held = defaultdict(set)
        counters = defaultdict(int)
        children = defaultdict(list)
        roots = defaultdict(list)
        for i, e in enumerate(events):
            tid = e["trace_id"]
            counters[tid] += 1
            vc = {c: v for c, v in e.get("causality_vector", [])}
            p = e.get("parent_id")
            pi = self.idx.get(p) if p else None
            real = {c: v for c, v in vc.items() if THREAD_RE.match(c)}
            if pi is not None:
                for c, v in self.real[pi].items():
                    real[c] = max(real.get(c, 0), v)
            self.real.append(real)
            if pi is not None:
                for c, v in self.svc[pi].items():
                    vc[c] = max(vc.get(c, 0), v)
                self.anc.append(self.anc[pi] | (1 << pi))
                children[pi].append(i)
            else:
                self.anc.append(0)
                if not p:
                    roots[tid].append(i)
            m = e["metadata"]
            own = ("%s#%s" % (m["service_name"], m["instance_id"])
                   if m.get("instance_id") else tid)
            vc[own] = counters[tid]
            self.svc.append(vc)
            th = m["thread_id"]
            self.locks.append(frozenset(held[th]))
            k = e["kind"]
            if "LockAcquire" in k:
                held[th].add(k["LockAcquire"]["lock_id"])
            elif "LockRelease" in k:
                held[th].discard(k["LockRelease"]["lock_id"])
            self.idx[e["id"]] = i
        for tid, rs in roots.items():
            seen, stack = set(), list(rs)
            while stack:
                j = stack.pop()
                if j in seen:
                    continue
                seen.add(j)
                stack.extend(children[j])
            self.reach[tid] = seen

    def vc_before(self, a, b):
        va, vb = self.svc[a], self.svc[b]
        less = False
        for c, x in va.items():
            y = vb.get(c)
            if y is None:
                return False
            if x > y:
                return False
            if x < y:
                less = True
        return less

    def server_hb(self, a, b):
        ea, eb = self.ev[a], self.ev[b]
        if (ea["trace_id"] == eb["trace_id"] and
                ea["metadata"]["thread_id"] != eb["metadata"]["thread_id"]):
            if not (self.anc[b] >> a) & 1 and not (self.anc[a] >> b) & 1:
                return False
        return self.vc_before(a, b)

    def real_hb(self, a, b):
        """a happened before b in the program (client thread clocks)."""
        ea, eb = self.ev[a], self.ev[b]
        ta = ea["metadata"]["thread_id"]
        if ta == eb["metadata"]["thread_id"]:
            return a < b   # one thread: program order (== send order)
        # a's own epoch: its vector merged along parents (with
        # RACEWAY_WIRE_VECTOR=delta an event sends only what grew)
        ca = self.real[a]
        if ta not in ca:
            return False
        return ca[ta] <= self.real[b].get(ta, 0)

    def pairs(self, members, global_):
        by_var = defaultdict(list)
        for i in members:
            k = self.ev[i]["kind"]
            if "StateChange" in k:
                by_var[k["StateChange"]["variable"]].append(i)
        out = []
        for var, ids in by_var.items():
            ids.sort()
            for x in range(len(ids)):
                a = ids[x]
                sa = self.ev[a]["kind"]["StateChange"]
                for y in range(x + 1, len(ids)):
                    b = ids[y]
                    sb = self.ev[b]["kind"]["StateChange"]
                    if (sa["access_type"], sb["access_type"]) in SAFE:
                        continue
                    ea, eb = self.ev[a], self.ev[b]
                    diff_thread = (ea["metadata"]["thread_id"] !=
                                   eb["metadata"]["thread_id"])
                    diff_trace = ea["trace_id"] != eb["trace_id"]
                    if not (diff_thread or (global_ and diff_trace)):
                        continue
                    real = not (self.real_hb(a, b) or self.real_hb(b, a))
                    server = (not (self.server_hb(a, b) or self.server_hb(b, a))
                              and not (self.locks[a] & self.locks[b]))
                    if server or real:
                        out.append((var, a, b, server, real))
        return out


def site(loc):
    return re.sub(r"^.*/", "", loc)


def summarize(model, pairs):
    s = {"server_pairs": 0, "false_pairs": 0, "missed_pairs": 0,
         "true_pairs": 0, "false_sites": set(), "missed_sites": set(),
         "true_sites": set()}
    for var, a, b, server, real in pairs:
        la = site(model.ev[a]["kind"]["StateChange"]["location"])
        lb = site(model.ev[b]["kind"]["StateChange"]["location"])
        key = (var,) + tuple(sorted((la, lb)))
        if server:
            s["server_pairs"] += 1
        if server and real:
            s["true_pairs"] += 1
            s["true_sites"].add(key)
        elif server:
            s["false_pairs"] += 1
            s["false_sites"].add(key)
        else:
            s["missed_pairs"] += 1
            s["missed_sites"].add(key)
    for k in ("false_sites", "missed_sites", "true_sites"):
        s[k] = sorted(" ".join(x) for x in s[k])
    return s


def analyze(events):
    m = Model(events)
    res = {"events": len(events),
           "traces": len({e["trace_id"] for e in events}),
           "global": summarize(m, m.pairs(range(len(events)), True)),
           "per_trace": {}}
    for tid, members in sorted(m.reach.items()):
        res["per_trace"][tid] = summarize(m, m.pairs(members, False))
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = analyze(load(args.files))
    if args.json:
        json.dump(res, sys.stdout, indent=1)
        print()
        return
    print("events %d traces %d" % (res["events"], res["traces"]))
    for name, s in [("global", res["global"])] + sorted(res["per_trace"].items()):
        print("%s: server %d false %d missed %d" %
              (name, s["server_pairs"], s["false_pairs"], s["missed_pairs"]))
        for k in ("true_sites", "false_sites", "missed_sites"):
            for x in s[k]:
                print("  %s %s" % (k.split("_")[0], x))


if __name__ == "__main__":
    main()
