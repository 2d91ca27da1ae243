#!/usr/bin/env python3
"""split_posts.py LOG EVENTS MAX_SPLITS - a collector --log --log-ids run
against a server that refuses every batch: count the batches the runtime
sent (requests with ids never sent before) and the halves it re-sent of
them (requests whose ids were all sent before, each within one earlier
request).  Prints "batches=B splits=S ids=N"; exits 1 if a request mixes
new and re-sent ids, a split is not part of one earlier request, the ids
sent are not EVENTS, or S > MAX_SPLITS.  The count of batches depends on
how the rounds fell into batches (load); the splits do not."""
import json
import sys


def main(log, want_events, max_splits):
    seen, batches, splits, ok = {}, [], 0, True
    for line in open(log):
        ids = json.loads(line).get("ids") or []
        new = [i for i in ids if i not in seen]
        if len(new) == len(ids) and ids:
            for i in ids:
                seen[i] = len(batches)
            batches.append(ids)
        elif not new and ids:
            splits += 1
            if len({seen[i] for i in ids}) != 1:
                print("split spans batches:", ids[:2])
                ok = False
        else:
            print("request mixes new and re-sent ids (or has none)")
            ok = False
    print("batches=%d splits=%d ids=%d" % (len(batches), splits, len(seen)))
    return ok and len(seen) == want_events and splits <= max_splits


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])) else 1)
