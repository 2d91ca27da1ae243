#!/usr/bin/env python3
"""timed.py MAX_SECONDS CMD... - run CMD; exit 124 (with a message) if it
takes longer than MAX_SECONDS, else with CMD's status.  Prints the elapsed
time on stderr as "elapsed N.NN s"."""
import subprocess
import sys
import time

limit = float(sys.argv[1])
start = time.monotonic()
try:
    rc = subprocess.run(sys.argv[2:], timeout=limit + 30).returncode
except subprocess.TimeoutExpired:
    rc = 124
elapsed = time.monotonic() - start
sys.stderr.write("elapsed %.2f s\n" % elapsed)
if elapsed > limit:
    sys.stderr.write("timed.py: took %.2f s, limit %.2f s\n" % (elapsed, limit))
    sys.exit(124)
sys.exit(rc)
