#!/usr/bin/env python3
"""check_events.py - check Raceway events against the server's schema.

  check_events.py [--canonical] FILE...

Each FILE is JSON Lines (one event per line, as collector.py --out and
RACEWAY_OUTPUT write) or one batch {"events": [...]}.  Prints the first
problem of each bad event with its place and exits 1 if there was any;
prints "N events ok" otherwise.  Schema: raceway_schema.py.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raceway_schema  # noqa: E402


def check_file(path, checker):
    """Returns (events checked, problems) for one file."""
    with open(path, "rb") as f:
        data = f.read()
    problems = []
    stripped = data.lstrip()
    if stripped.startswith(b"{") and b'"events"' in stripped[:64] and b"\n{" not in stripped:
        try:
            events = checker.check_batch(raceway_schema.parse_body(data))
            return len(events), problems
        except raceway_schema.SchemaError as e:
            return 0, ["%s: %s" % (path, e)]
    count = 0
    for lineno, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        count += 1
        try:
            checker.check_event(raceway_schema.parse_body(line), "event")
        except raceway_schema.SchemaError as e:
            problems.append("%s:%d: %s" % (path, lineno, e))
    return count, problems


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--canonical", action="store_true",
                   help="also require lowercase hyphenated UUIDs and ...Z timestamps")
    p.add_argument("files", nargs="+")
    args = p.parse_args(argv)
    checker = raceway_schema.Checker(canonical=args.canonical)
    total, problems = 0, []
    for path in args.files:
        n, errs = check_file(path, checker)
        total += n
        problems += errs
    for line in problems:
        print(line)
    if problems:
        print("%d problems in %d events" % (len(problems), total))
        return 1
    print("%d events ok" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
