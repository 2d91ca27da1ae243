"""Send programs' events to the real Raceway server and compare its race
analysis with the runtime's own report.

  server_check.py --srcroot DIR --work DIR [--program LABEL=BINARY]...
                  [--demo BINARY --demo-src DIR]

Starts raceway-server (test/tools/raceway_server.py) on a free loopback
port, runs each program with RACEWAY_ENDPOINT pointing at it (default
settings otherwise; RACEWAY_DEBUG=1 only for the exit accounting line, and
RACEWAY_REPORT for the local report as JSON), or drives the banking demo's
race button, then reads /status, /api/traces, /api/traces/:id,
/api/analyze/global and /api/distributed/global-races.  Prints facts for
FileCheck; the server is stopped at the end whatever happens.

A race is compared as (variable, location, location), locations cut to
file:line:col.  "not reported locally" counts the server's site pairs that
the runtime's exact detector did not report: the false pairs.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "demo", "Inputs"))
import raceway_server  # noqa: E402

RUN_TIMEOUT = 120


def site(loc):
    return re.sub(r"^.*/", "", loc or "")


def key(var, a, b):
    return (var,) + tuple(sorted((site(a), site(b))))


def show(k):
    return "%s %s %s" % k


def local_races(path):
    with open(path) as f:
        rep = json.load(f)
    return {key(r["variable"], r["access"]["location"], r["previous"]["location"])
            for r in rep.get("races", [])}


def check_exit(label, err_text):
    counts = raceway_server.exit_counts(err_text)
    if counts is None:
        print("%s: FAIL no exit accounting line" % label)
        return 0
    produced, delivered, dropped, rejected = counts
    ok = produced == delivered and dropped == 0 and rejected == 0
    print("%s: every event accepted: %s" % (label, "yes" if ok else
          "NO (%d produced, %d delivered, %d dropped, %d rejected)" %
          (produced, delivered, dropped, rejected)))
    return delivered


def run_program(srv, label, binary, work):
    report = os.path.join(work, label + ".report.json")
    env = dict(os.environ, RACEWAY_ENDPOINT=srv.base, RACEWAY_SERVICE_NAME=label,
               RACEWAY_DEBUG="1", RACEWAY_REPORT=report)
    p = subprocess.run([binary], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=RUN_TIMEOUT)
    err = p.stderr.decode(errors="replace")
    with open(os.path.join(work, label + ".stderr"), "w") as f:
        f.write(err)
    if p.returncode != 0:
        print("%s: FAIL exit code %d" % (label, p.returncode))
    return check_exit(label, err), local_races(report)


def run_demo(srv, binary, demo_src, work):
    from demo import Demo, source_lines
    report = os.path.join(work, "banking.report.json")
    stderr_path = os.path.join(work, "banking.stderr")
    env = {"RACEWAY_ENDPOINT": srv.base, "RACEWAY_SERVICE_NAME": "banking",
           "RACEWAY_DEBUG": "1", "RACEWAY_REPORT": report}
    with Demo(binary, env=env, stderr_path=stderr_path) as demo:
        demo.request("GET", "/balances")
        res = demo.race_rounds([("POST", "/transfer",
                                 {"from": "alice", "to": to, "amount": n})
                                # small: alice pays for every round; under
                                # load many rounds run on one thread
                                for to, n in (("bob", 10), ("charlie", 20))],
                               "alice.balance", rounds=12)
        print("banking: race button: %s" %
              " ".join(str(s) for s, _ in res))
        demo.request("GET", "/balances")
        code = demo.stop()
    print("banking: demo exit code: %d" % code)
    with open(stderr_path, errors="replace") as f:
        delivered = check_exit("banking", f.read())
    lines = source_lines(os.path.join(demo_src, "bank.c"), {
        "transfer-read": "long balance = src->balance;",
        "transfer-write": "src->balance = balance - amount;"})
    with open(os.path.join(demo_src, "bank.c")) as f:   # bank_init, bank_reset
        lines["start-up"] = [i + 1 for i, l in enumerate(f)
                             if "accounts[i].balance = opening[i].balance;" in l]
    return delivered, local_races(report), lines


def keep(work, name, body):
    """The server's answer, kept in the work directory: a failure is then
    explained from what the server had, not only from what it concluded."""
    with open(os.path.join(work, name + ".json"), "w") as f:
        json.dump(body, f)


def server_races(details):
    out = {}
    for r in details or []:
        k = key(r["variable"], r["event1_location"], r["event2_location"])
        out[k] = out.get(k, 0) + 1
    return out


def compare(label, local, server):
    missing = sorted(local - set(server))
    extra = sorted(set(server) - local)
    print("%s: %d local races, %s on the server" %
          (label, len(local), "all" if not missing else
           "MISSING %s" % "; ".join(show(k) for k in missing)))
    print("%s: server site pairs not reported locally: %d%s" %
          (label, len(extra), "".join("\n  extra " + show(k) for k in extra)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcroot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--program", action="append", default=[])
    ap.add_argument("--demo")
    ap.add_argument("--demo-src")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    sdir = raceway_server.find_server(args.srcroot)
    if not sdir:
        print("unsupported: no raceway-server at %s" % os.path.join(
            os.path.dirname(os.path.abspath(args.srcroot)), "shared",
            "raceway-server"))
        return 0

    with raceway_server.Server(sdir, args.work) as srv:
        total, local, labels = 0, {}, []
        for spec in args.program:
            label, binary = spec.split("=", 1)
            n, races = run_program(srv, label, binary, args.work)
            total += n
            local[label] = races
            labels.append(label)
        demo_lines = None
        if args.demo:
            n, races, demo_lines = run_demo(srv, args.demo, args.demo_src,
                                            args.work)
            total += n
            local["banking"] = races
            labels.append("banking")

        seen = srv.wait_events(total, timeout=90)
        print("server stored every event: %s" %
              ("yes" if seen == total else "NO (%d of %d)" % (seen, total)))

        status, body = srv.get("/api/traces?page=1&page_size=1000")
        traces = body["data"]["traces"] if status == 200 else []
        print("GET /api/traces: %s" % (status or body))
        by_service = {}
        for t in traces:
            for s in t.get("services") or []:
                by_service.setdefault(s, []).append(t["trace_id"])

        for label in labels:
            per_trace, analysed, codes = {}, 0, {}
            for tid in by_service.get(label, []):
                code, body = srv.get("/api/traces/" + tid, timeout=300)
                keep(args.work, "trace-%s" % tid, body)
                codes[code] = codes.get(code, 0) + 1
                if code != 200:
                    continue
                analysed += 1
                for k, n in server_races(
                        body["data"]["analysis"]["race_details"]).items():
                    per_trace[k] = per_trace.get(k, 0) + n
            print("%s: traces analysed: %s" % (
                label, "yes" if analysed else "NO %r" % codes))
            if label != "banking":   # its races are between request traces
                compare(label, local[label], per_trace)

        status, body = srv.get("/api/analyze/global", timeout=300)
        keep(args.work, "global", body)
        glob = body["data"] if status == 200 else {}
        details = glob.get("race_details") or []
        # (no status: the request failed, body says why; a loaded machine
        # can take minutes over the global analysis)
        print("GET /api/analyze/global: %s, pairs listed: %s" % (
            status or body, "all" if len(details) == glob.get("potential_races")
            else "%d of %s" % (len(details), glob.get("potential_races"))))
        gr = server_races(details)
        every = set().union(*local.values()) if local else set()
        if len(details) != glob.get("potential_races"):
            every = every & set(gr)   # the list is capped: check what it shows
            print("global: list capped at %d" % len(details))
        compare("global", every, gr)

        status, body = srv.get("/api/distributed/global-races")
        variables = sorted({r["variable"] for r in body["data"]["races"]}) \
            if status == 200 else []
        print("GET /api/distributed/global-races: %d: %s" %
              (status, " ".join(variables)))

        if demo_lines:
            want = {"transfer-read": demo_lines["transfer-read"],
                    "transfer-write": demo_lines["transfer-write"]}
            found = set()
            for r in details:
                if r["variable"] != "alice.balance":
                    continue
                for loc in (r["event1_location"], r["event2_location"]):
                    m = re.search(r"bank\.c:(\d+)", loc)
                    for label, line in want.items():
                        if m and int(m.group(1)) == line:
                            found.add(label)
            print("banking: alice.balance in global-races: %s" %
                  ("yes" if "alice.balance" in variables else "NO"))
            print("banking: alice.balance in /api/analyze/global at: %s" %
                  " ".join(sorted(found)))
            startup = [r for r in details if any(
                int(m.group(1)) in demo_lines["start-up"]
                for loc in (r["event1_location"], r["event2_location"])
                for m in [re.search(r"bank\.c:(\d+)", loc)] if m)]
            print("banking: server pairs with start-up initialisation: %d" %
                  len(startup))
    print("server stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
