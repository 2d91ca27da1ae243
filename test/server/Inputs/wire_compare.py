#!/usr/bin/env python3
"""wire_compare.py --analyze DIR FULL.jsonl DELTA.jsonl - the same program's
events with whole vectors (RACEWAY_WIRE_VECTOR=full) and with only what grew
(delta): the server must find the same pairs in both.

Prints, for each file, the causality_vector entries per event and the
server's pairs as server_model.py replays them (global analysis: pairs,
false pairs, the distinct (variable, location, location) of the pairs with
"true" or "false" as the program's own order says)
and as the real server computes them (DIR/raceway-analyze: concurrent
events and the race sites); then whether the two agree.  Exit 1 if they do
not, or if the delta file is not at least half the size in vector entries.
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import server_model  # noqa: E402


def short(loc):
    return re.sub(r"^.*/", "", loc or "")


def model(path):
    ev = server_model.load([path])
    m = server_model.Model(ev)
    pairs = m.pairs(range(len(ev)), True)
    sites, false = set(), 0
    for var, a, b, server, real in pairs:
        if not server:
            continue   # "missed" (the model's own order): not the server's
        la = short(ev[a]["kind"]["StateChange"]["location"])
        lb = short(ev[b]["kind"]["StateChange"]["location"])
        label = "true" if real else "false"
        false += not real
        sites.add((var,) + tuple(sorted((la, lb))) + (label,))
    entries = sum(len(e.get("causality_vector", [])) for e in ev)
    return len(ev), entries, sum(1 for p in pairs if p[3]), false, sites


def evidence(path, limit=40):
    """On a disagreement: the model's pairs, each event with its parent
    chain's vectors (the newest `limit`), so a CI log shows why."""
    ev = server_model.load([path])
    m = server_model.Model(ev)
    by_id = {e["id"]: e for e in ev}
    for var, a, b, server, real in m.pairs(range(len(ev)), True):
        if not server:
            continue
        print("evidence: %s pair (real %s)" % (var, real))
        for i in (a, b):
            e, n = ev[i], 0
            while e is not None and n < limit:
                print("evidence:   %s %s %s %s" % (
                    e["id"][-12:], e["metadata"]["thread_id"],
                    list(e["kind"])[0] if isinstance(e["kind"], dict) else e["kind"],
                    json.dumps(e.get("causality_vector"))))
                e, n = by_id.get(e.get("parent_id")), n + 1


def real(analyze, path):
    out = subprocess.run([analyze, "--full", path], check=True,
                         capture_output=True, text=True, timeout=600).stdout
    g = json.loads(out)["global"]
    sites = set()
    for r in g.get("race_details") or []:
        sites.add((r["variable"],) + tuple(sorted(
            (short(r["event1_location"]), short(r["event2_location"])))))
    return g["concurrent_events"], sites


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--analyze", required=True, help="raceway-server directory")
    p.add_argument("full")
    p.add_argument("delta")
    a = p.parse_args()
    res = {}
    for name, path in (("full", a.full), ("delta", a.delta)):
        n, entries, pairs, false, sites = model(path)
        conc, rsites = real(os.path.join(a.analyze, "raceway-analyze"), path)
        res[name] = (entries / max(n, 1), pairs, sites, conc, rsites)
        print("%s: %d events, %.1f vector entries per event" % (name, n, entries / max(n, 1)))
        print("%s: model: %d pairs, %d false" % (name, pairs, false))
        for s in sorted(sites):
            print("%s:   %s %s %s %s" % (name, s[3], s[0], s[1], s[2]))
        print("%s: server: %d concurrent" % (name, conc))
        for s in sorted(rsites):
            print("%s:   race %s %s %s" % (name, s[0], s[1], s[2]))
    f, d = res["full"], res["delta"]
    same_model = f[1] == d[1] and f[2] == d[2]
    same_server = f[3] == d[3] and f[4] == d[4]
    smaller = d[0] * 2 <= f[0]
    print("model pairs equal: %s" % ("yes" if same_model else "no"))
    print("server pairs equal: %s" % ("yes" if same_server else "no"))
    print("delta at most half the entries: %s" % ("yes" if smaller else "no"))
    if not same_server:
        evidence(a.delta)
    return 0 if same_model and same_server and smaller else 1


if __name__ == "__main__":
    sys.exit(main())
