#!/usr/bin/env python3
"""check_chains.py - check the causal structure of a JSON Lines event file.

  check_chains.py [--expect-threads N] [--expect-roots N]
                  [--exit-line STDERR_FILE] FILE

Schema checks are check_events.py's; this checks what the server's graph
needs (wire spec 3.4 and 9.5): unique ids; every parent_id names an event
that came EARLIER in the file (a parent is sent before its child, or the
child becomes an invisible orphan); each thread's events form one linear
chain (no event is the same-thread parent of two events); at least one
root per trace, or, for a trace of one thread's own events (the runtime
gives each thread a trace, docs/real-server.md), a first event whose parent
is in an earlier trace (the thread's spawn); a request's trace (first
event HttpRequest) always has a root.  With --exit-line, the runtime's exit line in that stderr
capture must add up (delivered + dropped [+ filtered, RACEWAY_SEND=races]
== events, dropped == the sum of its causes) and `delivered` must equal the events in FILE.  Prints a
one-line summary, or the problems and exits 1.
"""

import argparse
import collections
import json
import re
import sys

EXIT_LINE = re.compile(r"raceway: (\d+) events: (\d+) delivered, (\d+) dropped "
                       r"\(buffer full: (\d+), rejected: (\d+), undeliverable: (\d+)\)"
                       r"(?:, (\d+) filtered)?")


def check(events):
    problems = []
    seen = {}
    same_thread_children = collections.Counter()
    roots = collections.Counter()
    hangs = set()       # traces whose first event's parent is in another
    trace_of = {}
    first_seen = set()
    for i, ev in enumerate(events, 1):
        eid, parent = ev["id"], ev.get("parent_id")
        thread = ev["metadata"]["thread_id"]
        if eid in seen:
            problems.append("line %d: duplicate id %s" % (i, eid))
        if parent is None:
            roots[ev["trace_id"]] += 1
        elif parent not in seen:
            problems.append("line %d: parent %s of %s was not sent before it"
                            % (i, parent, eid))
        elif (ev["trace_id"] not in first_seen and
              trace_of[parent] != ev["trace_id"]):
            if "HttpRequest" in ev["kind"]:
                # a request's trace, not a thread's own: the server lists
                # a trace only from a root ("Trace not found" otherwise)
                problems.append("line %d: request %s starts trace %s with a "
                                "parent" % (i, eid, ev["trace_id"]))
            hangs.add(ev["trace_id"])
        elif seen[parent] == thread:
            same_thread_children[parent] += 1
            if same_thread_children[parent] > 1:
                problems.append("line %d: %s forks thread %s's chain at %s"
                                % (i, eid, thread, parent))
        seen[eid] = thread
        trace_of[eid] = ev["trace_id"]
        first_seen.add(ev["trace_id"])
    for trace in {ev["trace_id"] for ev in events}:
        if roots[trace] == 0 and trace not in hangs:
            problems.append("trace %s has no root" % trace)
    return problems, roots


def check_exit_line(path, nevents):
    with open(path) as f:
        found = EXIT_LINE.findall(f.read())
    if len(found) != 1:
        return ["%s: %d exit lines, expected 1" % (path, len(found))]
    produced, delivered, dropped, full, rejected, undeliverable, filtered = \
        [int(v or 0) for v in found[0]]
    problems = []
    if delivered + dropped + filtered != produced:
        problems.append("exit line: %d delivered + %d dropped + %d filtered != %d events"
                        % (delivered, dropped, filtered, produced))
    if full + rejected + undeliverable != dropped:
        problems.append("exit line: causes do not add up to %d dropped" % dropped)
    if delivered != nevents:
        problems.append("exit line says %d delivered, the file has %d events"
                        % (delivered, nevents))
    return problems


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--expect-threads", type=int)
    p.add_argument("--expect-roots", type=int)
    p.add_argument("--exit-line", metavar="STDERR_FILE")
    p.add_argument("file")
    args = p.parse_args(argv)
    with open(args.file) as f:
        events = [json.loads(line) for line in f if line.strip()]
    problems, roots = check(events)
    threads = len({ev["metadata"]["thread_id"] for ev in events})
    if args.expect_threads is not None and threads != args.expect_threads:
        problems.append("%d threads, expected %d" % (threads, args.expect_threads))
    nroots = sum(roots.values())
    if args.expect_roots is not None and nroots != args.expect_roots:
        problems.append("%d roots, expected %d" % (nroots, args.expect_roots))
    if args.exit_line:
        problems += check_exit_line(args.exit_line, len(events))
    for line in problems:
        print(line)
    if problems:
        return 1
    print("chains ok: %d events, %d threads, %d roots" % (len(events), threads, nroots))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
