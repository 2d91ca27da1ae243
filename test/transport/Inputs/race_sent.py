#!/usr/bin/env python3
"""race_sent.py FILE VARIABLE - count the race_detected events and the
accesses (StateChange) to VARIABLE in a JSON Lines event file."""
import json
import sys

races = accesses = 0
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    k = json.loads(line)["kind"]
    if k.get("Custom", {}).get("name") == "race_detected":
        races += 1
    if k.get("StateChange", {}).get("variable") == sys.argv[2]:
        accesses += 1
print("race_detected: %d" % races)
print("accesses to %s: %d" % (sys.argv[2], accesses))
