#!/usr/bin/env python3
"""status.py STATUS CMD...: run CMD; print its stderr then its stdout; exit 0
if it exited with STATUS and wrote exactly one line to stderr, else 1.
STATUS+ (e.g. 2+): any number of lines on stderr (a usage message)."""
import subprocess
import sys

any_lines = sys.argv[1].endswith("+")
want = int(sys.argv[1].rstrip("+"))
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True)
sys.stdout.write(p.stderr)
sys.stdout.write(p.stdout)
lines = p.stderr.splitlines()
if p.returncode != want:
    print("status.py: exit status %d, expected %d" % (p.returncode, want))
    sys.exit(1)
if len(lines) != 1 and not any_lines:
    print("status.py: %d lines on stderr, expected 1" % len(lines))
    sys.exit(1)
