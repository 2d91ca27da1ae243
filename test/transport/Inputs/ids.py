#!/usr/bin/env python3
"""ids.py FILE - check a collector --out file: print the number of events
and the number of distinct ids; exit 1 if an id was received twice."""
import json
import sys

ids = [json.loads(line)["id"] for line in open(sys.argv[1]) if line.strip()]
print("events=%d distinct=%d" % (len(ids), len(set(ids))))
sys.exit(0 if len(ids) == len(set(ids)) else 1)
