#!/usr/bin/env python3
"""race_sides.py FILE - each race_detected event of a JSON Lines event file
and the events its sides name, one line a race:

  race <variable>: first=<side> second=<side>

<side> is "StateChange <variable>" for the event the id names, "unsent"
when no event in the file has the id (its access was dropped at a full
ring), "none" when the race names no id.  Exits 1 if a side names an event
that is not a StateChange of the race's variable: an id must name its
access or no event at all."""
import json
import sys


def side(events, race, key):
    if key not in race:
        return "none"
    e = events.get(race[key])
    if e is None:
        return "unsent"
    kind, body = next(iter(e["kind"].items()))
    if kind != "StateChange" or body.get("variable") != race["variable"]:
        print(f"race on {race['variable']}: {key} names a {kind} event "
              f"({body.get('variable', '')})", file=sys.stderr)
        sys.exit(1)
    return f"StateChange {body['variable']}"


def main(path):
    events, races = {}, []
    for line in open(path):
        if not line.strip():
            continue
        e = json.loads(line)
        events[e["id"]] = e
        custom = e["kind"].get("Custom")
        if custom and custom.get("name") == "race_detected":
            races.append(custom["data"])
    for r in races:
        print(f"race {r['variable']}: first={side(events, r, 'first_event_id')} "
              f"second={side(events, r, 'second_event_id')}")
    print(f"{len(races)} race_detected")


if __name__ == "__main__":
    main(sys.argv[1])
