"""End-to-end race test of the banking demo: safe deposits report no race,
concurrent transfers report the read-modify-write race on alice.balance,
both on GET /races and in the report printed at exit."""
import argparse
import json
import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(__file__))
from demo import Demo, fail, label_locations, read_events, source_lines

# The code of the accesses the reports must point at (bank.c).
SITES = {
    "transfer-read": "long balance = src->balance;",
    "transfer-write": "src->balance = balance - amount;",
    "transfer-credit": "dst->balance += amount;",
    "deposit": "a->balance += amount;",
}
DEPOSITS = 8
DEPOSIT_AMOUNT = 100


def race_line(race, lines):
    """"alice.balance: <site> (Read) vs <site> (Write)", sides sorted."""
    sides = sorted("%s (%s)" % (label_locations(a["location"], "bank.c", lines),
                                a["access"])
                   for a in (race["access"], race["previous"]))
    return "%s: %s vs %s" % (race["variable"], sides[0], sides[1])


def print_races(title, report, lines):
    races = sorted(race_line(r, lines) for r in report.get("races", []))
    print("%s: %d races" % (title, len(races)))
    for r in races:
        print("  race " + r)


def exit_report(stderr_text, lines):
    """One line per race block of the text report: variable and the sites
    named in it."""
    out = []
    for block in stderr_text.split("==================\n"):
        m = re.search(r"WARNING: Raceway: data race on (\S+)", block)
        if not m:
            continue
        text = label_locations(block, "bank.c", lines)
        sites = sorted(set(re.findall(r"bank\.c:([a-z0-9-]+)", text)))
        out.append("%s: %s" % (m.group(1), " ".join(sites)))
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--stderr", required=True)
    args = ap.parse_args()
    lines = source_lines(os.path.join(args.src, "bank.c"), SITES)
    env = {"RACEWAY_OUTPUT": args.events, "RACEWAY_SERVICE_NAME": "banking"}

    with Demo(args.demo, env=env, stderr_path=args.stderr) as demo:
        status, before = demo.request("GET", "/balances")
        results = demo.concurrently(
            [("POST", "/deposit", {"account": "alice",
                                   "amount": DEPOSIT_AMOUNT})] * DEPOSITS)
        ok = sum(1 for s, _ in results if s == 200)
        _, after = demo.request("GET", "/balances")
        lost = before["alice"] + DEPOSITS * DEPOSIT_AMOUNT - after["alice"]
        print("deposits: %d of %d ok, lost: %d" % (ok, DEPOSITS, lost))
        print_races("after deposits", demo.request("GET", "/races")[1], lines)

        transfers = [("POST", "/transfer",
                      {"from": "alice", "to": to, "amount": amount})
                     # small: alice pays for every round; under load
                     # many rounds run on one server thread
                     for to, amount in (("bob", 10), ("charlie", 20))] * 2
        results = demo.race_rounds(transfers, "alice.balance", rounds=12)
        print("transfers: %d of %d ok" %
              (sum(1 for s, _ in results if s == 200), len(transfers)))
        status, report = demo.request("GET", "/races")
        print("GET /races: %d" % status)
        print_races("after transfers", report, lines)
        code = demo.stop(signal.SIGINT)
        print("exit code: %d" % code)

    with open(args.stderr) as f:
        for line in exit_report(f.read(), lines):
            print("exit report: " + line)

    # The events name the variable and the access sites too.
    events = read_events(args.events)
    seen = set()
    for e in events:
        sc = e["kind"].get("StateChange")
        if sc and sc["variable"] == "alice.balance":
            site = label_locations(sc["location"], "bank.c", lines)
            seen.add("%s %s" % (sc["access_type"], site))
    for s in sorted(seen):
        print("event: alice.balance " + s)


if __name__ == "__main__":
    main()
