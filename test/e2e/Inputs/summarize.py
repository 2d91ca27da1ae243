#!/usr/bin/env python3
"""summarize.py FILE - print a JSON Lines event file with run-specific ids
replaced by stable names, one event a line, grouped by thread (main first,
then t1, t2, ... in the order of the AsyncSpawn events that started them):

  <thread>#<n> parent=<thread>#<n>|null <Kind> <fields> vc=[<thread>:<int>,...] locks=[...]
The vector's trace components (docs/real-server.md) are left out; with
--traces they follow as " after=[<thread>:<int>,...]" (a thread's own trace
shown under the thread's name).

Event ids become <thread>#<position in that thread's events>, task and
future ids task<k> (k-th AsyncSpawn), "pid:tid" thread ids and causality
vector components the thread's name.  A causality vector value that is not
a JSON integer prints as NONINT(<value>).  Long "location"-like fields keep
only their basename:line."""
import json
import os
import sys


def main(path, show_traces=False):
    events = [json.loads(l) for l in open(path) if l.strip()]
    by_id = {e["id"]: e for e in events}
    threads = {}       # "pid:tid" -> name
    tasks = {}         # task uuid -> name
    per_thread = {}
    for e in events:
        per_thread.setdefault(e["metadata"]["thread_id"], []).append(e)
    for e in events:
        k = e["kind"]
        if "AsyncSpawn" in k:
            tasks[k["AsyncSpawn"]["task_id"]] = "task%d" % (len(tasks) + 1)
    spawn_ids = {e["id"]: tasks[e["kind"]["AsyncSpawn"]["task_id"]]
                 for e in events if "AsyncSpawn" in e["kind"]}
    for tid, evs in per_thread.items():
        p = evs[0].get("parent_id")
        if p in spawn_ids:
            threads[tid] = "t" + spawn_ids[p][4:]
        elif tid.split(":")[0] == tid.split(":")[-1]:
            threads[tid] = "main"
        else:
            threads[tid] = "?" + tid
    ref = {}
    for tid, evs in per_thread.items():
        for i, e in enumerate(evs, 1):
            ref[e["id"]] = "%s#%d" % (threads[tid], i)

    def fields(kind):
        out = []
        for key, v in kind.items():
            if key in ("task_id", "future_id"):
                v = tasks.get(v, "?" + str(v))
            elif key in ("location", "spawned_by", "awaited_at") and isinstance(v, str):
                v = os.path.basename(v)
            elif key in ("first_event", "second_event") and v in ref:
                v = ref[v]
            out.append("%s=%s" % (key, json.dumps(v, separators=(",", ":"))
                                  if not isinstance(v, str) else v))
        return " ".join(out)

    trace_names = {}
    for tid, evs in per_thread.items():
        trace_names.setdefault(evs[0]["trace_id"], threads[tid])

    order = sorted(per_thread, key=lambda t: (threads[t] != "main", threads[t]))
    for tid in order:
        for e in per_thread[tid]:
            (name, kind), = e["kind"].items()
            vc, after = [], []
            for comp, n in e["causality_vector"]:
                ok = isinstance(n, int) and not isinstance(n, bool)
                text = n if ok else "NONINT(%r)" % (n,)
                if comp in trace_names:
                    after.append("%s:%s" % (trace_names[comp], text))
                else:
                    vc.append("%s:%s" % (threads.get(comp, comp), text))
            p = e.get("parent_id")
            print("%s parent=%s %s %s vc=[%s] locks=[%s]%s" % (
                ref[e["id"]], ref.get(p, "null" if p is None else "?"), name,
                fields(kind), ",".join(vc), ",".join(e["lock_set"]),
                " after=[%s]" % ",".join(after) if after and show_traces else ""))


if __name__ == "__main__":
    main(sys.argv[-1], "--traces" in sys.argv[1:-1])
