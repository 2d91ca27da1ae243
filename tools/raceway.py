#!/usr/bin/env python3
"""raceway - read what a program built with Raceway for C wrote.

  raceway report REPORT.json
      the race report (RACEWAY_REPORT=file) for a human: races grouped by
      variable, both accesses of each (thread, location, kind, values, locks
      held, stack when the report has one)

  raceway events EVENTS.jsonl [--race N [--report REPORT.json] | --variable V]
      an events file (RACEWAY_OUTPUT=file): threads, events per kind,
      variables, locks, races; with --race or --variable, the events of both
      threads around the two racing accesses

  raceway timeline REPORT.json EVENTS.jsonl -o race.svg|race.html [--race N]
      a picture of the threads around a race: one lane per thread, events in
      the order they happened, locks held as bars, spawn and join arrows, the
      two racing accesses highlighted and the missing order named

A file that cannot be read, or is not what it should be, gives one line on
stderr and exit status 2 (as does a bad command line).  Colour on a
terminal only, never with NO_COLOR set (--color=always|never to force).
Python 3 standard library only.
"""

import argparse
import calendar
import collections
import json
import os
import re
import sys

EXIT_BAD_INPUT = 2
PROG = "raceway"


class InputError(Exception):
    """A problem with an input file or argument: one line, exit status 2."""


# --------------------------------------------------------------------------
# Colour

class Style:
    CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32",
             "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36"}

    def __init__(self, enabled):
        self.enabled = enabled

    def __call__(self, text, *styles):
        if not self.enabled or not styles:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return "\x1b[%sm%s\x1b[0m" % (codes, text)


def want_colour(choice, stream):
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


# --------------------------------------------------------------------------
# Reading files

def read_text(path):
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, "r", encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError:
        raise InputError("%s: no such file" % path)
    except IsADirectoryError:
        raise InputError("%s: is a directory, not a file" % path)
    except UnicodeDecodeError:
        raise InputError("%s: not UTF-8 text" % path)
    except OSError as e:
        raise InputError("%s: cannot read: %s" % (path, e.strerror or e))


def json_error(path, e, line=None):
    where = "line %d, column %d" % (line or e.lineno, e.colno)
    return InputError("%s: not valid JSON (%s: %s)" % (path, where, e.msg))


class Access:
    """One side of a race in the report."""

    def __init__(self, d, path, what):
        if not isinstance(d, dict):
            raise InputError("%s: %s is not a JSON object" % (path, what))
        self.raw = d
        self.thread = str(d.get("thread", "?"))
        self.location = str(d.get("location", "?"))
        self.kind = str(d.get("access", "?"))
        self.size = d.get("size")
        self.event_id = d.get("event_id")
        self.value = d.get("value")
        self.old_value = d.get("old_value")
        self.new_value = d.get("new_value")
        locks = d.get("locks_held", [])
        if not isinstance(locks, list):
            raise InputError("%s: %s.locks_held is not a list" % (path, what))
        self.locks = [str(x) for x in locks]
        self.locks_unknown = bool(d.get("locks_held_unknown", False))
        stack = d.get("stack")
        self.stack = []
        if isinstance(stack, list):
            for fr in stack:
                if isinstance(fr, dict):
                    self.stack.append((str(fr.get("function") or "?"),
                                       fr.get("file"), fr.get("line")))
                elif isinstance(fr, str):
                    self.stack.append((fr, None, None))
        elif stack is not None:
            raise InputError("%s: %s.stack is not a list" % (path, what))

    @property
    def is_write(self):
        return "Write" in self.kind or "RMW" in self.kind or self.kind == "Free"

    def verb(self):
        k = self.kind
        if k == "Free":
            return "free"
        if "RMW" in k:
            return "atomic read-modify-write"
        word = "write" if "Write" in k else "read"
        return ("atomic " + word) if k.startswith("Atomic") else word

    def values(self):
        """'901 -> 900', 'value 900' or ''."""
        if self.old_value is not None or self.new_value is not None:
            if self.old_value is not None and self.new_value is not None:
                return "%s -> %s" % (self.old_value, self.new_value)
            if self.new_value is not None:
                return "new %s" % self.new_value
            return "old %s" % self.old_value
        if self.value is not None:
            return "value %s" % self.value
        return ""

    def locks_text(self):
        if self.locks_unknown and not self.locks:
            return "some (not listed)"
        text = ", ".join(self.locks) if self.locks else "none"
        return text + (" and more (not listed)" if self.locks_unknown else "")


class Race:
    def __init__(self, number, d, path):
        what = "races[%d]" % (number - 1)
        if not isinstance(d, dict):
            raise InputError("%s: %s is not a JSON object" % (path, what))
        if not isinstance(d.get("variable"), str):
            raise InputError("%s: %s has no \"variable\" string" % (path, what))
        for key in ("access", "previous"):
            if key not in d:
                raise InputError("%s: %s has no \"%s\"" % (path, what, key))
        self.number = number
        self.variable = d["variable"]
        occ = d.get("occurrences", 1)
        self.occurrences = occ if isinstance(occ, int) else 1
        self.access = Access(d["access"], path, what + ".access")
        self.previous = Access(d["previous"], path, what + ".previous")

    def common_locks(self):
        return [l for l in self.access.locks if l in self.previous.locks]

    def missing_order(self):
        """The caption: why the two accesses are a race."""
        common = self.common_locks()
        if common:
            return ("both held %s, but not exclusively, and no happens-before"
                    % ", ".join(common))
        if self.access.locks_unknown or self.previous.locks_unknown:
            return "no lock known in common, no happens-before"
        return "no lock in common, no happens-before"


class Report:
    def __init__(self, path):
        text = read_text(path)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise json_error(path, e)
        if not isinstance(doc, dict) or not isinstance(doc.get("races"), list):
            raise InputError("%s: not a Raceway race report (no \"races\" list)" % path)
        self.path = path
        self.doc = doc
        self.races = [Race(i + 1, r, path) for i, r in enumerate(doc["races"])]

    def number(self, key, default=0):
        v = self.doc.get(key, default)
        return v if isinstance(v, (int, float)) else default

    def race(self, n):
        if not self.races:
            raise InputError("%s: the report has no race" % self.path)
        if n < 1 or n > len(self.races):
            raise InputError("race %d not found: %s has %d race%s (1..%d)" % (
                n, self.path, len(self.races), plural(len(self.races)), len(self.races)))
        return self.races[n - 1]


def plural(n, one="", many="s"):
    return one if n == 1 else many


_TS = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?"
                 r"(Z|z|UTC|[+-]\d\d:?\d\d)$")


def parse_timestamp(text):
    """RFC 3339 to integer nanoseconds since the epoch, or None."""
    if not isinstance(text, str):
        return None
    m = _TS.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    frac = (m.group(7) or "")[:9].ljust(9, "0")
    try:
        secs = calendar.timegm((y, mo, d, h, mi, min(s, 59), 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    off = m.group(8)
    if off[0] in "+-":
        digits = off[1:].replace(":", "")
        delta = int(digits[:2]) * 3600 + int(digits[2:]) * 60
        secs -= delta if off[0] == "+" else -delta
    return secs * 1000000000 + int(frac)


class Event:
    __slots__ = ("index", "id", "parent", "ts", "kind", "data", "thread",
                 "vector", "lock_set", "pos", "tpos")

    def __init__(self, index, d, where):
        if not isinstance(d, dict):
            raise InputError("%s: not a JSON object" % where)
        kind = d.get("kind")
        if not isinstance(kind, dict) or len(kind) != 1:
            raise InputError("%s: not a Raceway event (\"kind\" is not an object "
                             "with one key)" % where)
        meta = d.get("metadata")
        if not isinstance(meta, dict) or not isinstance(meta.get("thread_id"), str):
            raise InputError("%s: not a Raceway event (no metadata.thread_id)" % where)
        self.index = index
        self.id = d.get("id")
        self.parent = d.get("parent_id")
        self.ts = parse_timestamp(d.get("timestamp"))
        ((self.kind, self.data),) = kind.items()
        if not isinstance(self.data, dict):
            self.data = {}
        self.thread = meta["thread_id"]
        self.vector = {}
        cv = d.get("causality_vector")
        if isinstance(cv, list):
            for item in cv:
                if isinstance(item, list) and len(item) == 2 and isinstance(item[1], int):
                    self.vector[str(item[0])] = item[1]
        ls = d.get("lock_set")
        self.lock_set = [str(x) for x in ls] if isinstance(ls, list) else []
        self.pos = 0      # place in the whole run, in order
        self.tpos = 0     # place in its thread

    # -- what it is
    @property
    def is_access(self):
        return self.kind == "StateChange"

    @property
    def variable(self):
        return self.data.get("variable") if self.is_access else None

    @property
    def access_type(self):
        return str(self.data.get("access_type", "?"))

    @property
    def is_write(self):
        t = self.access_type
        return "Write" in t or "RMW" in t

    @property
    def location(self):
        d = self.data
        for key in ("location", "spawned_by", "awaited_at"):
            if isinstance(d.get(key), str):
                return d[key]
        if isinstance(d.get("file"), str):
            return "%s:%s" % (d["file"], d.get("line", "?"))
        return ""


def value_text(v):
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return str(v)
    s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return s if len(s) <= 40 else s[:37] + "..."


class Events:
    def __init__(self, path):
        text = read_text(path)
        raw = []
        lines = text.splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                if not raw:
                    whole = self._whole(text)
                    if whole is not None:
                        raw = [(i + 1, x) for i, x in enumerate(whole)]
                        break
                raise json_error(path, e, n)
            if isinstance(obj, dict) and "kind" not in obj and isinstance(obj.get("events"), list):
                raw.extend((n, x) for x in obj["events"])   # a POST body per line
            else:
                raw.append((n, obj))
        self.path = path
        self.events = [Event(i, obj, "%s:%d" % (path, n)) for i, (n, obj) in enumerate(raw)]
        # Order of the run: by timestamp when every event has one, else file order.
        if all(e.ts is not None for e in self.events):
            self.order = sorted(self.events, key=lambda e: (e.ts, e.index))
        else:
            self.order = list(self.events)
        for i, e in enumerate(self.order):
            e.pos = i
        self.by_id = {}
        self.threads = collections.OrderedDict()      # thread -> [events]
        for e in self.order:
            if isinstance(e.id, str):
                self.by_id[e.id] = e
            self.threads.setdefault(e.thread, []).append(e)
        for evs in self.threads.values():
            for i, e in enumerate(evs):
                e.tpos = i
        # Spawns and joins.  A spawned thread's first event is the child of
        # its AsyncSpawn; a join (AsyncAwait) is the child of the joined
        # thread's last event.  A thread id can stand for several threads one
        # after the other (the runtime reuses the slot and the id of a joined
        # thread): each starts at an event whose parent is a spawn elsewhere.
        self.child_of_spawn = {}    # spawn event id -> first event of the child
        self.spawns_of = collections.defaultdict(list)   # thread -> [spawn events]
        self.lives = {}             # thread -> [[events of one thread], ...]
        for t, evs in self.threads.items():
            lives = []
            for e in evs:
                p = self.by_id.get(e.parent) if isinstance(e.parent, str) else None
                if p is not None and p.kind == "AsyncSpawn" and p.thread != t:
                    self.child_of_spawn[p.id] = e
                    self.spawns_of[t].append(p)
                    if lives and lives[-1]:
                        lives.append([])
                if not lives:
                    lives.append([])
                lives[-1].append(e)
            self.lives[t] = lives
        by_task = {}
        for e in self.order:
            if e.kind == "AsyncSpawn" and e.id in self.child_of_spawn:
                by_task[e.data.get("task_id")] = self.child_of_spawn[e.id]
        self.joined_by_await = {}   # await event id -> last event of the joined thread
        for e in self.order:
            if e.kind != "AsyncAwait":
                continue
            p = self.by_id.get(e.parent) if isinstance(e.parent, str) else None
            if p is not None and p.thread != e.thread:
                self.joined_by_await[e.id] = p
            else:
                first = by_task.get(e.data.get("future_id"))
                if first is not None:
                    life = next((l for l in self.lives[first.thread] if l[0] is first), None)
                    if life:
                        self.joined_by_await[e.id] = life[-1]

    @staticmethod
    def _whole(text):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(doc, list):
            return doc
        if isinstance(doc, dict) and isinstance(doc.get("events"), list):
            return doc["events"]
        return None

    def races(self):
        """race_detected events, in order."""
        return [e for e in self.order
                if e.kind == "Custom" and e.data.get("name") == "race_detected"
                and isinstance(e.data.get("data"), dict)]

    def thread_role(self, t, short=False):
        """'spawned by 1:1', 'main thread'...: a string, or lines if short."""
        spawners = []
        for sp in self.spawns_of.get(t, []):
            if sp.thread not in spawners:
                spawners.append(sp.thread)
        lines = []
        if spawners:
            lines.append("spawned by %s" % ", ".join(spawners))
        elif self.threads[t][0].parent is None and list(self.threads).index(t) == 0:
            lines.append("main thread")
        n = len(self.lives.get(t, []))
        if n > 1:
            lines.append(("id of %d threads in turn" if short else
                          "(%d threads, one after the other)") % n)
        return lines if short else " ".join(lines)

    def find(self, event_id, what):
        e = self.by_id.get(event_id) if isinstance(event_id, str) else None
        if e is None:
            raise InputError("%s: %s (event %s) is not in this events file" % (
                self.path, what, event_id))
        return e

    def describe(self, e, short=False):
        d = e.data
        k = e.kind
        if k == "StateChange":
            t = e.access_type
            var = d.get("variable", "?")
            if e.is_write:
                if "old_value" in d and d.get("old_value") is not None:
                    val = "%s -> %s" % (value_text(d.get("old_value")), value_text(d.get("new_value")))
                else:
                    val = "= %s" % value_text(d.get("new_value"))
            else:
                val = "= %s" % value_text(d.get("new_value"))
            return "%s %s %s" % (t, var, val)
        if k in ("LockAcquire", "LockRelease"):
            verb = "acquire" if k == "LockAcquire" else "release"
            return "%s %s (%s)" % (verb, d.get("lock_id", "?"), d.get("lock_type", "?"))
        if k == "AsyncSpawn":
            child = self.child_of_spawn.get(e.id)
            return ("spawn thread %s" % child.thread) if child else "spawn task %s" % d.get("task_id", "?")
        if k == "AsyncAwait":
            last = self.joined_by_await.get(e.id)
            return ("join thread %s" % last.thread) if last else "await %s" % d.get("future_id", "?")
        if k == "FunctionCall":
            return "call %s(%s)" % (d.get("function_name", "?"),
                                    "" if short else value_text(d.get("args"))[:40])
        if k == "MemoryFence":
            return "fence %s" % d.get("ordering", "?")
        if k == "Custom":
            data = d.get("data")
            if d.get("name") == "race_detected" and isinstance(data, dict):
                return "race detected on %s" % data.get("variable", "?")
            return "custom %s" % d.get("name", "?")
        return k


# --------------------------------------------------------------------------
# raceway report

def cmd_report(args, out):
    rep = Report(args.report)
    st = Style(want_colour(args.color, out))
    w = out.write
    races = rep.races
    nvars = len({r.variable for r in races})
    occ = sum(r.occurrences for r in races)
    w("%s %s\n" % (st("Raceway race report:", "bold"), rep.path))
    if not races:
        w("No data race found.\n")
    else:
        w("%s (%d occurrence%s) on %d variable%s\n" % (
            st("%d data race%s" % (len(races), plural(len(races))), "bold", "red"),
            occ, plural(occ), nvars, plural(nvars)))
    groups = collections.OrderedDict()
    for r in races:
        groups.setdefault(r.variable, []).append(r)
    for var, rs in groups.items():
        w("\n%s  %s\n" % (st(var, "bold", "yellow"),
                          st("%d race%s" % (len(rs), plural(len(rs))), "dim")))
        for r in rs:
            seen = "" if r.occurrences <= 1 else ", seen %d times" % r.occurrences
            w("  %s %s vs %s%s\n" % (st("race %d:" % r.number, "bold"),
                                     r.access.verb(), r.previous.verb(), seen))
            for label, a in (("access  ", r.access), ("previous", r.previous)):
                write_access(w, st, label, a)
            w("    %s\n" % st(r.missing_order()[0].upper() + r.missing_order()[1:]
                              + ": %s's %s is not ordered after %s's %s." % (
                                  r.access.thread, r.access.verb(),
                                  r.previous.thread, r.previous.verb()), "red"))
    extra = []
    n = rep.number("races_not_kept")
    if n:
        extra.append("%d more distinct race%s were not kept" % (n, plural(n)))
    n = rep.number("accesses_dropped")
    if n:
        extra.append("%d access%s not checked (detector memory full, %d address%s)" % (
            n, plural(n, "", "es"), rep.number("addresses_with_dropped_accesses"),
            plural(rep.number("addresses_with_dropped_accesses"), "", "es")))
    if extra:
        w("\n")
        for line in extra:
            w("%s %s\n" % (st("note:", "bold", "magenta"), line))
    return 0


def write_access(w, st, label, a):
    vals = a.values()
    size = " %s bytes" % a.size if isinstance(a.size, int) else ""
    w("    %s %s%s by thread %s at %s%s\n" % (
        st(label, "dim"), st(a.kind, "bold", "red" if a.is_write else "cyan"), size,
        st(a.thread, "bold"), st(a.location, "green"),
        ("  (%s)" % vals) if vals else ""))
    pad = " " * (len(label) + 5)
    w("%slocks held: %s\n" % (pad, st(a.locks_text(), "magenta") if a.locks else a.locks_text()))
    if a.stack:
        w("%sstack:\n" % pad)
        for i, (fn, f, line) in enumerate(a.stack):
            where = ""
            if f:
                where = "  %s%s" % (f, ":%s" % line if line is not None else "")
            w("%s  #%d %s%s\n" % (pad, i, st(fn, "bold"), st(where, "dim") if where else ""))


# --------------------------------------------------------------------------
# raceway events

def fmt_time(ns, base):
    if ns is None or base is None:
        return ""
    us = (ns - base) / 1000.0
    if us < 1000:
        return "+%.3fus" % us
    return "+%.3fms" % (us / 1000.0)


def race_pair(evs, args, report=None):
    """(previous event, current event, Race or None, number) for --race N."""
    n = args.race
    if report is not None:
        r = report.race(n)
        return (evs.find(r.previous.event_id, "race %d's previous access" % n),
                evs.find(r.access.event_id, "race %d's access" % n), r, n)
    found = evs.races()
    if not found:
        raise InputError("%s: no race_detected event (give --report REPORT.json)" % evs.path)
    if n < 1 or n > len(found):
        raise InputError("race %d not found: %s has %d race_detected event%s (1..%d)" % (
            n, evs.path, len(found), plural(len(found)), len(found)))
    data = found[n - 1].data["data"]
    return (evs.find(data.get("first_event_id"), "race %d's first access" % n),
            evs.find(data.get("second_event_id"), "race %d's second access" % n), None, n)


def cmd_events(args, out):
    evs = Events(args.events)
    report = Report(args.report) if args.report else None
    st = Style(want_colour(args.color, out))
    w = out.write
    base = evs.order[0].ts if evs.order else None
    if args.race is not None:
        prev, cur, race, n = race_pair(evs, args, report)
        write_race_context(w, st, evs, prev, cur, n, args.context, base)
        return 0
    if args.variable is not None:
        write_variable(w, st, evs, args.variable, args.context, base)
        return 0
    write_summary(w, st, evs, base)
    return 0


def write_summary(w, st, evs, base):
    order = evs.order
    w("%s %s: %d event%s, %d thread%s\n" % (
        st("Raceway events", "bold"), evs.path, len(order), plural(len(order)),
        len(evs.threads), plural(len(evs.threads))))
    if not order:
        return
    if base is not None and order[-1].ts is not None:
        w("time span: %s\n" % fmt_time(order[-1].ts, base).lstrip("+"))
    w("\n%s\n" % st("Threads", "bold"))
    width = max(len(t) for t in evs.threads)
    for t, tev in evs.threads.items():
        acc = sum(1 for e in tev if e.is_access)
        role = evs.thread_role(t)
        w("  %s  %6d event%s  %5d access%s%s\n" % (
            st(t.ljust(width), "bold"), len(tev), plural(len(tev), " ", "s"),
            acc, plural(acc, "  ", "es"), ("  " + st(role, "dim")) if role else ""))
    w("\n%s\n" % st("Events by kind", "bold"))
    kinds = collections.Counter(e.kind for e in order)
    kw = max(len(k) for k in kinds)
    for k, c in kinds.most_common():
        detail = ""
        if k == "StateChange":
            types = collections.Counter(e.access_type for e in order if e.is_access)
            detail = "  (%s)" % ", ".join("%s %d" % tc for tc in sorted(types.items()))
        w("  %s  %6d%s\n" % (k.ljust(kw), c, detail))
    variables = collections.OrderedDict()
    for e in order:
        if e.is_access:
            variables.setdefault(str(e.variable), []).append(e)
    races = evs.races()
    racy = collections.Counter(str(r.data["data"].get("variable")) for r in races)
    if variables:
        w("\n%s\n" % st("Variables", "bold"))
        vw = max(len(v) for v in variables)
        for v, accs in variables.items():
            writes = sum(1 for e in accs if e.is_write)
            threads = len({e.thread for e in accs})
            note = ("  " + st("%d race%s" % (racy[v], plural(racy[v])), "red", "bold")) if racy[v] else ""
            w("  %s  %6d access%s (%d read%s, %d write%s) by %d thread%s%s\n" % (
                st(v.ljust(vw), "yellow"), len(accs), plural(len(accs), "", "es"),
                len(accs) - writes, plural(len(accs) - writes), writes, plural(writes),
                threads, plural(threads), note))
    locks = collections.OrderedDict()
    for e in order:
        if e.kind == "LockAcquire":
            locks.setdefault(str(e.data.get("lock_id", "?")), []).append(e)
    if locks:
        w("\n%s\n" % st("Locks", "bold"))
        lw = max(len(l) for l in locks)
        for l, acq in locks.items():
            threads = len({e.thread for e in acq})
            w("  %s  %6d acquisition%s by %d thread%s\n" % (
                st(l.ljust(lw), "magenta"), len(acq), plural(len(acq)), threads, plural(threads)))
    if races:
        w("\n%s\n" % st("Races (race_detected events)", "bold"))
        for i, r in enumerate(races, 1):
            d = r.data["data"]
            w("  %s %s: %s at %s vs %s at %s\n" % (
                st("%d." % i, "bold"), st(str(d.get("variable", "?")), "yellow"),
                d.get("first_access", "?"), d.get("first_location", "?"),
                d.get("second_access", "?"), d.get("second_location", "?")))
        w("  (raceway events %s --race N: the events around race N)\n" % evs.path)


def event_line(st, evs, e, base, mark=False):
    locks = ",".join(e.lock_set) if e.lock_set else "-"
    desc = evs.describe(e)
    if mark:
        desc = st(desc, "bold", "red")
    elif e.is_access:
        desc = st(desc, "cyan" if not e.is_write else "yellow")
    elif e.kind.startswith("Lock"):
        desc = st(desc, "magenta")
    return "  %s %6d %12s  %s  %s  locks: %s\n" % (
        st(">>", "bold", "red") if mark else "  ", e.tpos, fmt_time(e.ts, base),
        desc, st(e.location, "dim"), locks)


def write_context(w, st, evs, e, k, base):
    tev = evs.threads[e.thread]
    lo, hi = max(0, e.tpos - k), min(len(tev), e.tpos + k + 1)
    if lo > 0:
        w("  %s\n" % st("   ... %d earlier event%s" % (lo, plural(lo)), "dim"))
    for x in tev[lo:hi]:
        w(event_line(st, evs, x, base, x is e))
    if hi < len(tev):
        w("  %s\n" % st("   ... %d later event%s" % (len(tev) - hi, plural(len(tev) - hi)), "dim"))


def hb_detail(prev, cur):
    """How the vector clocks show the missing order, or ''."""
    mine = prev.vector.get(prev.thread)
    if mine is None or not cur.vector:
        return ""
    seen = cur.vector.get(prev.thread, 0)
    if seen >= mine:
        return ""
    return ("thread %s had seen thread %s up to clock %d; the earlier access was at %d"
            % (cur.thread, prev.thread, seen, mine))


def write_race_context(w, st, evs, prev, cur, n, k, base):
    var = prev.variable or cur.variable or "?"
    w("%s %s\n" % (st("Race %d on" % n, "bold"), st(str(var), "bold", "yellow")))
    for label, e in (("first", prev), ("second", cur)):
        w("\n%s access, thread %s (event %d of the thread, %d of the run):\n" % (
            st(label.capitalize(), "bold"), st(e.thread, "bold"), e.tpos, e.pos))
        write_context(w, st, evs, e, k, base)
    common = [l for l in prev.lock_set if l in cur.lock_set]
    why = ("both held %s" % ", ".join(common)) if common else "no lock in common"
    detail = hb_detail(prev, cur)
    w("\n%s\n" % st("%s, no happens-before%s" % (why, (": " + detail) if detail else ""), "red"))


def write_variable(w, st, evs, var, k, base):
    accs = [e for e in evs.order if e.is_access and e.variable == var]
    if not accs:
        known = sorted({str(e.variable) for e in evs.order if e.is_access})
        more = (": it has " + ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")) if known else ""
        raise InputError("%s: no access to variable '%s'%s" % (evs.path, var, more))
    w("%s %s: %d access%s\n" % (st("Variable", "bold"), st(var, "bold", "yellow"),
                                len(accs), plural(len(accs), "", "es")))
    per = collections.OrderedDict()
    for e in accs:
        per.setdefault(e.thread, collections.Counter())[(e.access_type, e.location)] += 1
    for t, c in per.items():
        w("  thread %s\n" % st(t, "bold"))
        for (typ, loc), cnt in sorted(c.items(), key=lambda x: (x[0][1], x[0][0])):
            w("    %6d  %-11s %s\n" % (cnt, typ, st(loc, "dim")))
    races = [(i, r) for i, r in enumerate(evs.races(), 1) if r.data["data"].get("variable") == var]
    if not races:
        w("\nNo race_detected event on %s.\n" % var)
        return
    w("\n%d race%s on %s (race_detected events %s)\n" % (
        len(races), plural(len(races)), var, ", ".join(str(i) for i, _ in races)))
    i, r = races[0]
    d = r.data["data"]
    w("\n")
    write_race_context(w, st, evs, evs.find(d.get("first_event_id"), "the first access"),
                       evs.find(d.get("second_event_id"), "the second access"), i, k, base)


# --------------------------------------------------------------------------
# raceway timeline

PALETTE = ["#7c3aed", "#0891b2", "#65a30d", "#db2777", "#ea580c", "#4f46e5", "#0d9488", "#a16207"]
RED = "#dc2626"
VAR = "#d97706"
OTHER = "#6b7280"
SPAWN = "#2563eb"
JOIN = "#9333ea"
CHAR_W = 7.3       # width of a 12px monospace character
MAX_LANES = 8

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(s):
    s = _BAD_XML.sub("?", str(s))
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def base_name(loc):
    return loc.rsplit("/", 1)[-1] if loc else loc


class Timeline:
    """Picks the events around a race and lays them out."""

    def __init__(self, report, evs, n, window):
        self.race = report.race(n)
        self.n = n
        self.total = len(report.races)
        self.evs = evs
        self.prev = evs.find(self.race.previous.event_id, "race %d's previous access" % n)
        self.cur = evs.find(self.race.access.event_id, "race %d's access" % n)
        self.variable = self.race.variable
        self._select(window)
        self._layout()

    def _select(self, window):
        evs = self.evs
        order = [e for e in evs.order if e.kind != "Custom"]
        # Data accesses are stamped coarsely (the runtime reads the clock for
        # every 16th record, the others get the stamp before + 1 ns), so two
        # close accesses on different threads can sort the wrong way round.
        # The detector saw the previous access first: the current one, and
        # what its thread did after it, go after the previous one.
        if self.cur in order and self.prev in order and order.index(self.cur) < order.index(self.prev):
            i, j = order.index(self.cur), order.index(self.prev)
            moved = [e for e in order[i:j] if e.thread == self.cur.thread]
            kept = [e for e in order[i:j + 1] if e.thread != self.cur.thread]
            order[i:j + 1] = kept + moved
            self.reordered = True
        else:
            self.reordered = False
        gpos = {id(e): i for i, e in enumerate(order)}
        sel = set()
        half = max(2, window // 2)
        for a in (self.prev, self.cur):
            tev = evs.threads[a.thread]
            for x in tev[max(0, a.tpos - half):a.tpos + half + 1]:
                if x.kind != "Custom":
                    sel.add(id(x))
            g = gpos[id(a)]
            for x in order[max(0, g - window // 3):g + window // 3 + 1]:
                sel.add(id(x))
        # how the racing threads were started and ended
        spawn_by_child = {id(c): sp for sp_id, c in evs.child_of_spawn.items()
                          for sp in [evs.by_id[sp_id]]}
        await_by_last = {id(last): evs.by_id[a] for a, last in evs.joined_by_await.items()}
        for a in (self.prev, self.cur):
            life = next(l for l in evs.lives[a.thread] if l[0].tpos <= a.tpos <= l[-1].tpos)
            sp = spawn_by_child.get(id(life[0]))
            if sp is not None:
                sel.update((id(sp), id(life[0])))
            aw = await_by_last.get(id(life[-1]))
            if aw is not None:
                sel.update((id(aw), id(life[-1])))
        sel = {i for i in sel if i in gpos}      # no Custom event
        # lanes: threads in order of their first event, racing ones always shown
        counts = collections.Counter(e.thread for e in order if id(e) in sel)
        racing = [self.prev.thread, self.cur.thread]
        others = sorted((t for t in counts if t not in racing), key=lambda t: -counts[t])
        keep = set(racing) | set(others[:max(0, MAX_LANES - len(set(racing)))])
        self.hidden_threads = len(counts) - len(keep & set(counts))
        self.lanes = [t for t in evs.threads if t in keep]
        self.order = order
        self.selected = [e for e in order if id(e) in sel and e.thread in keep]

    def _layout(self):
        n = max(1, len(self.selected))
        self.col = min(28, max(12, 900.0 / n))
        self.gap_w = 22
        self.left = 190
        slots = []          # (x, kind, payload)
        xof = {}            # id(event) -> x for every event (elided ones at their gap)
        x = self.left + 12
        chosen = {id(e) for e in self.selected}
        pending = []
        for e in self.order:
            if id(e) in chosen:
                if pending:
                    gx = x + self.gap_w / 2
                    slots.append((gx, "gap", len(pending)))
                    for p in pending:
                        xof[id(p)] = gx
                    x += self.gap_w
                    pending = []
                xof[id(e)] = x + self.col / 2
                slots.append((x + self.col / 2, "event", e))
                x += self.col
            else:
                pending.append(e)
        if pending:
            gx = x + self.gap_w / 2
            slots.append((gx, "gap", len(pending)))
            for p in pending:
                xof[id(p)] = gx
            x += self.gap_w
        # events not laid out (Custom ones): at the place of the one before
        last = self.left + 12
        for e in self.evs.order:
            if id(e) in xof:
                last = xof[id(e)]
            else:
                xof[id(e)] = last
        self.slots = slots
        self.xof = xof
        self.right = x + 12

    def x(self, e):
        return self.xof[id(e)]


def callout_lines(label, race_access, e):
    a = race_access
    lines = ["%s: %s %s%s" % (label, a.kind, e.variable or "", ("  " + a.values()) if a.values() else "")]
    fn = (" in %s()" % a.stack[0][0]) if a.stack else ""
    lines.append("thread %s at %s%s" % (a.thread, a.location, fn))
    lines.append("locks held: %s" % a.locks_text())
    return lines


def render_svg(tl, standalone=True):
    evs = tl.evs
    race = tl.race
    lane_h = 64
    lanes = tl.lanes
    nl = len(lanes)
    lane_y = {t: 0 for t in lanes}
    # text blocks
    prev_lines = callout_lines("1  first", race.previous, tl.prev)
    cur_lines = callout_lines("2  then", race.access, tl.cur)
    why = race.missing_order()
    caption1 = "%s%s." % (why[0].upper(), why[1:])
    caption2 = ("thread %s's %s of %s at %s is not ordered after thread %s's %s at %s"
                % (race.access.thread, race.access.verb(), tl.variable, race.access.location,
                   race.previous.thread, race.previous.verb(), race.previous.location))
    detail = hb_detail(tl.prev, tl.cur)
    text_w = max(len(s) for s in prev_lines + cur_lines + [caption2, detail]) * CHAR_W + 60
    width = int(max(tl.right + 20, text_w, 760))
    # vertical layout
    title_y = 30
    box_h = 3 * 17 + 14
    top_box_y = 58
    lanes_top = top_box_y + box_h + 34
    for i, t in enumerate(lanes):
        lane_y[t] = lanes_top + 24 + i * lane_h
    lanes_bottom = lanes_top + nl * lane_h + 18
    bot_box_y = lanes_bottom + 26
    cap_y = bot_box_y + box_h + 34
    legend_y = cap_y + (62 if detail else 44)
    out = []
    o = out.append
    o(None)         # the <svg> tag, once the height is known
    o('<title>Raceway: data race on %s</title>' % esc(tl.variable))
    o('<defs>'
      '<marker id="arrow-spawn" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
      '<path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>'
      '<marker id="arrow-join" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
      '<path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>'
      '</defs>' % (SPAWN, JOIN))
    o('<rect width="100%" height="100%" fill="#ffffff"/>')
    o('<text x="16" y="%d" font-size="17" font-weight="bold">Data race on '
      '<tspan fill="%s">%s</tspan></text>' % (title_y, RED, esc(tl.variable)))
    o('<text x="%d" y="%d" text-anchor="end" fill="%s">race %d of %d%s</text>' % (
        width - 16, title_y, OTHER, tl.n, tl.total,
        ", seen %d times" % race.occurrences if race.occurrences > 1 else ""))

    # lanes
    o('<g class="lanes">')
    for i, t in enumerate(lanes):
        y = lane_y[t]
        if i % 2 == 0:
            o('<rect x="8" y="%d" width="%d" height="%d" fill="#f8fafc"/>' % (
                y - 24, width - 16, lane_h))
        racing = t in (tl.prev.thread, tl.cur.thread)
        o('<text x="16" y="%d" font-weight="bold" fill="%s">thread %s</text>' % (
            y - 2, RED if racing else "#111827", esc(t)))
        for k, line in enumerate(evs.thread_role(t, short=True)):
            o('<text x="16" y="%d" font-size="10.5" fill="%s">%s</text>' % (y + 12 + 12 * k, OTHER, esc(line)))
        o('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#e5e7eb" stroke-width="1"/>' % (
            tl.left, y, width - 12, y))
        for life in evs.lives[t]:      # one line per thread that had this id
            o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#9ca3af" stroke-width="2"/>' % (
                tl.x(life[0]), y, tl.x(life[-1]), y))
    o('</g>')

    # gaps (elided events)
    o('<g class="gaps">')
    for x, kind, payload in tl.slots:
        if kind != "gap":
            continue
        o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#cbd5e1" stroke-dasharray="2,3"/>' % (
            x, lanes_top + 4, x, lanes_bottom - 8))
        o('<text x="%.1f" y="%d" text-anchor="middle" font-size="9" fill="%s">'
          '<title>%d event%s not shown</title>\u2026%d</text>' % (
              x, lanes_top, OTHER, payload, plural(payload), payload))
    o('</g>')

    # lock held intervals: from each acquire to its release, per thread
    colours = {}
    o('<g class="locks">')
    for t in lanes:
        y = lane_y[t]
        held = []           # (lock, start_event)
        bars = []
        for e in evs.threads[t]:
            if e.kind == "LockAcquire":
                held.append((str(e.data.get("lock_id", "?")), e))
            elif e.kind == "LockRelease":
                lid = str(e.data.get("lock_id", "?"))
                for j in range(len(held) - 1, -1, -1):
                    if held[j][0] == lid:
                        bars.append((lid, held[j][1], e, j))
                        del held[j]
                        break
        for lid, a, depth in ((l, a, j) for j, (l, a) in enumerate(held)):
            bars.append((lid, a, None, depth))
        last_label_end = -1.0
        label_y = y + 8 + max([d for _, _, _, d in bars] + [0]) * 7 + 14
        bars.sort(key=lambda b: (tl.xof.get(id(b[1]), 0), b[3]))
        for lid, a, r, depth in bars:
            x1 = tl.xof.get(id(a))
            x2 = tl.xof.get(id(r)) if r is not None else tl.right
            if x1 is None or x2 is None or x2 < tl.left or x1 > tl.right:
                continue
            if x2 == x1:     # both in one gap: nothing to show
                continue
            c = colours.setdefault(lid, PALETTE[len(colours) % len(PALETTE)])
            by = y + 8 + depth * 7
            o('<rect x="%.1f" y="%d" width="%.1f" height="5" rx="2" fill="%s" opacity="0.75">'
              '<title>%s held by thread %s</title></rect>' % (x1, by, max(2.0, x2 - x1), c, esc(lid), esc(t)))
            if x1 > last_label_end and x2 - x1 > 10:
                o('<text x="%.1f" y="%d" font-size="9.5" fill="%s">%s</text>' % (
                    x1, label_y, c, esc(lid)))
                last_label_end = x1 + len(lid) * 5.8 + 6
    o('</g>')

    # spawn and join arrows
    o('<g class="arrows">')
    for e in tl.selected:
        if e.kind == "AsyncSpawn":
            first = evs.child_of_spawn.get(e.id)
            if first is not None and first.thread in lane_y:
                child = first.thread
                x1, y1 = tl.x(e), lane_y[e.thread]
                x2, y2 = tl.x(first), lane_y[child]
                y2 += -6 if y2 > y1 else 6
                o('<path d="M%.1f,%d C%.1f,%d %.1f,%d %.1f,%d" fill="none" stroke="%s" stroke-width="1.5" '
                  'marker-end="url(#arrow-spawn)"><title>thread %s spawns thread %s</title></path>' % (
                      x1, y1, x1, (y1 + y2) / 2, x2, (y1 + y2) / 2, x2, y2, SPAWN, esc(e.thread), esc(child)))
        elif e.kind == "AsyncAwait":
            last = evs.joined_by_await.get(e.id)
            if last is not None and last.thread in lane_y:
                child = last.thread
                x1, y1 = tl.x(last), lane_y[child]
                x2, y2 = tl.x(e), lane_y[e.thread]
                y2 += -6 if y2 > y1 else 6
                o('<path d="M%.1f,%d C%.1f,%d %.1f,%d %.1f,%d" fill="none" stroke="%s" stroke-width="1.5" '
                  'stroke-dasharray="4,2" marker-end="url(#arrow-join)"><title>thread %s joins thread %s'
                  '</title></path>' % (x1, y1, x1, (y1 + y2) / 2, x2, (y1 + y2) / 2, x2, y2, JOIN,
                                       esc(e.thread), esc(child)))
    o('</g>')

    # the racing pair: a dashed link
    px, py = tl.x(tl.prev), lane_y[tl.prev.thread]
    cx, cy = tl.x(tl.cur), lane_y[tl.cur.thread]
    o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.5" stroke-dasharray="5,4"/>' % (
        px, py, cx, cy, RED))

    # event marks
    o('<g class="events">')
    for e in tl.selected:
        x, y = tl.x(e), lane_y[e.thread]
        tip = "%s  %s  (thread %s)" % (evs.describe(e), e.location, e.thread)
        if e.lock_set:
            tip += "  locks: " + ", ".join(e.lock_set)
        tip = '<title>%s</title>' % esc(tip)
        if e is tl.prev or e is tl.cur:
            o('<circle cx="%.1f" cy="%d" r="11" fill="none" stroke="%s" stroke-width="2" opacity="0.5"/>' % (x, y, RED))
        if e.is_access:
            racing = e is tl.prev or e is tl.cur
            c = RED if racing else (VAR if e.variable == tl.variable else OTHER)
            r = 6.5 if racing else 4
            fill = c if e.is_write else "#ffffff"
            if e.access_type.startswith("Atomic"):
                o('<path d="M%.1f,%.1f l%.1f,%.1f l%.1f,%.1f l%.1f,%.1f z" fill="%s" stroke="%s" stroke-width="1.5">%s</path>' % (
                    x, y - r - 1, r + 1, r + 1, -(r + 1), r + 1, -(r + 1), -(r + 1), fill, c, tip))
            else:
                o('<circle cx="%.1f" cy="%d" r="%.1f" fill="%s" stroke="%s" stroke-width="1.7">%s</circle>' % (
                    x, y, r, fill, c, tip))
        elif e.kind in ("LockAcquire", "LockRelease"):
            c = colours.get(str(e.data.get("lock_id", "?")), PALETTE[0])
            d = 3 if e.kind == "LockAcquire" else -3   # "[" or "]"
            o('<path d="M%.1f,%d h%d v12 h%d" fill="none" stroke="%s" stroke-width="1.7">%s</path>' % (
                x + d / 2.0, y - 6, -d, d, c, tip))
        elif e.kind == "AsyncSpawn":
            o('<rect x="%.1f" y="%d" width="8" height="8" fill="%s">%s</rect>' % (x - 4, y - 4, SPAWN, tip))
        elif e.kind == "AsyncAwait":
            o('<rect x="%.1f" y="%d" width="8" height="8" fill="%s">%s</rect>' % (x - 4, y - 4, JOIN, tip))
        else:
            o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#374151" stroke-width="2">%s</line>' % (
                x, y - 6, x, y + 6, tip))
    o('</g>')

    # callouts: the access on the upper lane above the lanes, the other below
    first, second = tl.prev, tl.cur
    first_lines, second_lines = prev_lines, cur_lines
    if lane_y[second.thread] < lane_y[first.thread]:
        first, second, first_lines, second_lines = second, first, second_lines, first_lines

    def callout(e, lines, by, above):
        bw = max(len(s) for s in lines) * CHAR_W + 20
        x = tl.x(e)
        bx = min(max(8, x - 40), width - bw - 8)
        o('<rect x="%.1f" y="%d" width="%.1f" height="%d" rx="5" fill="#fef2f2" stroke="%s"/>' % (
            bx, by, bw, box_h, RED))
        for i, s in enumerate(lines):
            weight = ' font-weight="bold"' if i == 0 else ""
            fill = RED if i == 0 else "#111827"
            o('<text x="%.1f" y="%d" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" '
              'font-size="12"%s fill="%s" xml:space="preserve">%s</text>' % (
                  bx + 10, by + 20 + i * 17, weight, fill, esc(s)))
        ly = lane_y[e.thread]
        if above:
            o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1"/>' % (
                x, by + box_h, x, ly - 12, RED))
        else:
            o('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1"/>' % (
                x, ly + 12, x, by, RED))

    callout(first, first_lines, top_box_y, True)
    callout(second, second_lines, bot_box_y, False)

    # numbers on the racing marks
    for e, lines in ((first, first_lines), (second, second_lines)):
        o('<text x="%.1f" y="%d" text-anchor="middle" font-size="9" font-weight="bold" fill="%s">%s</text>' % (
            tl.x(e), lane_y[e.thread] + 3.2, "#ffffff" if e.is_write else RED, lines[0][0]))

    # caption
    o('<text x="16" y="%d" font-size="14" font-weight="bold" fill="%s">%s</text>' % (cap_y, RED, esc(caption1)))
    o('<text x="16" y="%d" fill="#111827">%s</text>' % (cap_y + 18, esc(caption2)))
    if detail:
        o('<text x="16" y="%d" fill="%s">%s</text>' % (cap_y + 34, OTHER, esc("Vector clocks: " + detail + ".")))

    # a one-line legend
    lx = 16
    items = [("w", "write"), ("r", "read"), ("x", "racing access"),
             ("v", "other access to " + tl.variable), ("o", "other variable")]
    items += [("l" + c, "%s held" % lid) for lid, c in colours.items()]
    items += [("s", "spawn"), ("j", "join"), ("g", "\u2026N: events not shown")]
    o('<g class="legend" font-size="11" fill="#374151">')
    for key, label in items:
        if lx + 15 + len(label) * 6.2 > width - 16:      # next row
            lx = 16
            legend_y += 20
        y = legend_y
        if key == "w":
            o('<circle cx="%d" cy="%d" r="4.5" fill="#111827" stroke="#111827"/>' % (lx + 5, y - 4))
        elif key == "r":
            o('<circle cx="%d" cy="%d" r="4.5" fill="#fff" stroke="#111827" stroke-width="1.5"/>' % (lx + 5, y - 4))
        elif key == "x":
            o('<circle cx="%d" cy="%d" r="4.5" fill="%s" stroke="%s"/>' % (lx + 5, y - 4, RED, RED))
        elif key == "v":
            o('<circle cx="%d" cy="%d" r="4.5" fill="%s" stroke="%s"/>' % (lx + 5, y - 4, VAR, VAR))
        elif key == "o":
            o('<circle cx="%d" cy="%d" r="4.5" fill="%s" stroke="%s"/>' % (lx + 5, y - 4, OTHER, OTHER))
        elif key.startswith("l"):
            o('<rect x="%d" y="%d" width="14" height="5" rx="2" fill="%s" opacity="0.75"/>' % (lx - 2, y - 7, key[1:]))
        elif key == "s":
            o('<rect x="%d" y="%d" width="8" height="8" fill="%s"/>' % (lx + 1, y - 8, SPAWN))
        elif key == "j":
            o('<rect x="%d" y="%d" width="8" height="8" fill="%s"/>' % (lx + 1, y - 8, JOIN))
        if key == "g":
            o('<text x="%d" y="%d">%s</text>' % (lx, y, esc(label)))
            lx += int(len(label) * 6.2) + 18
        else:
            o('<text x="%d" y="%d">%s</text>' % (lx + 15, y, esc(label)))
            lx += 15 + int(len(label) * 6.2) + 16
    if tl.hidden_threads:
        o('<text x="%d" y="%d">(%d more thread%s not shown)</text>' % (
            lx, legend_y, tl.hidden_threads, plural(tl.hidden_threads)))
    o('</g>')
    o('</svg>')
    height = legend_y + 20
    out[0] = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
              'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">' % (
                  width, height, width, height))
    body = "\n".join(out) + "\n"
    if standalone:
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    return body


def render_html(tl):
    race = tl.race
    svg = render_svg(tl, standalone=False)

    def access_rows(title, a):
        stack = ""
        if a.stack:
            stack = "<ol start=\"0\">%s</ol>" % "".join(
                "<li><code>%s</code>%s</li>" % (esc(fn), (" <span class=dim>%s%s</span>" % (
                    esc(f), ":%s" % esc(line) if line is not None else "")) if f else "")
                for fn, f, line in a.stack)
        return ("<tr><th>%s</th><td>%s</td><td>thread <code>%s</code></td><td><code>%s</code></td>"
                "<td>%s</td><td>%s</td><td>%s</td></tr>" % (
                    esc(title), esc(a.kind), esc(a.thread), esc(a.location), esc(a.values()),
                    esc(a.locks_text()), stack or "<span class=dim>no stack in the report</span>"))

    why = race.missing_order()
    detail = hb_detail(tl.prev, tl.cur)
    legend = [
        ('<circle cx="8" cy="8" r="5" fill="%s" stroke="%s"/>' % (RED, RED),
         "the two racing accesses (filled: write, hollow: read), joined by a dashed line"),
        ('<circle cx="8" cy="8" r="4" fill="%s" stroke="%s"/>' % (VAR, VAR),
         "another access to %s" % tl.variable),
        ('<circle cx="8" cy="8" r="4" fill="#fff" stroke="%s" stroke-width="1.5"/>' % OTHER,
         "an access to another variable (filled: write, hollow: read; a diamond is atomic)"),
        ('<path d="M5,2 h-3 v12 h3 M11,2 h3 v12 h-3" fill="none" stroke="%s" stroke-width="1.7"/>'
         '<rect x="1" y="14" width="14" height="2" fill="%s"/>' % (PALETTE[0], PALETTE[0]),
         "lock acquire [ and release ]; the bar under the lane is the time the lock is held"),
        ('<rect x="4" y="4" width="8" height="8" fill="%s"/>' % SPAWN,
         "a spawn (pthread_create); the arrow goes to the new thread's first event"),
        ('<rect x="4" y="4" width="8" height="8" fill="%s"/>' % JOIN,
         "a join; the dashed arrow comes from the joined thread's last event"),
        ('<line x1="2" y1="8" x2="14" y2="8" stroke="#374151" stroke-width="2" transform="rotate(90 8 8)"/>',
         "another event (function call, fence)"),
        ('<text x="1" y="12" font-size="11" fill="%s">\u2026</text>' % OTHER,
         "events not shown (the number says how many)"),
    ]
    leg = "".join('<li><svg width="16" height="16" viewBox="0 0 16 16">%s</svg> %s</li>' % (g, esc(t))
                  for g, t in legend)
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Raceway: data race on %(var)s</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #111827; }
.picture { overflow-x: auto; border: 1px solid #e5e7eb; }
ul.legend { list-style: none; padding: 0; columns: 2; font-size: 13px; }
ul.legend li { margin: 3px 0; } ul.legend svg { vertical-align: middle; }
table { border-collapse: collapse; font-size: 13px; margin-top: 12px; }
th, td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
td ol { margin: 0; padding-left: 24px; } .dim { color: #6b7280; }
.why { color: %(red)s; font-weight: bold; }
</style></head><body>
<h1>Data race on <code>%(var)s</code></h1>
<p class="why">%(why)s%(detail)s</p>
<div class="picture">
%(svg)s</div>
<ul class="legend">%(legend)s</ul>
<p class="dim">One lane per thread, events in the order they happened by their timestamps; hover over a mark for its details.
The runtime stamps data accesses coarsely, so close accesses on different threads may be drawn in either order;
the two racing accesses are drawn in the order the detector saw them.
Race %(n)d of %(total)d in %(report)s; events from %(events)s.</p>
<table><tr><th></th><th>kind</th><th>thread</th><th>location</th><th>values</th><th>locks held</th><th>stack</th></tr>
%(rows)s
</table>
</body></html>
""" % {"var": esc(tl.variable), "red": RED, "why": esc(why[0].upper() + why[1:]),
       "detail": esc(" (" + detail + ")") if detail else "", "svg": svg, "legend": leg,
       "n": tl.n, "total": tl.total, "report": esc(tl.report_path), "events": esc(tl.evs.path),
       "rows": access_rows("access", race.access) + access_rows("previous", race.previous)}


def cmd_timeline(args, out):
    report = Report(args.report)
    evs = Events(args.events)
    fmt = args.format
    if fmt is None:
        ext = os.path.splitext(args.output)[1].lower()
        fmt = {".svg": "svg", ".html": "html", ".htm": "html"}.get(ext)
        if fmt is None:
            raise InputError("%s: give a .svg or .html name, or --format svg|html" % args.output)
    if args.window < 4:
        raise InputError("--window %d: at least 4" % args.window)
    tl = Timeline(report, evs, args.race, args.window)
    tl.report_path = report.path
    text = render_svg(tl) if fmt == "svg" else render_html(tl)
    try:
        if args.output == "-":
            out.write(text)
        else:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
    except OSError as e:
        raise InputError("%s: cannot write: %s" % (args.output, e.strerror or e))
    if args.output != "-":
        sys.stderr.write("%s: race %d on %s, %d thread%s, %d event%s -> %s\n" % (
            PROG, tl.n, tl.variable, len(tl.lanes), plural(len(tl.lanes)),
            len(tl.selected), plural(len(tl.selected)), args.output))
    return 0


# --------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write("%s: %s\n" % (PROG, message))
        sys.exit(EXIT_BAD_INPUT)


def positive(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not a number" % text)
    if v < 1:
        raise argparse.ArgumentTypeError("'%s': must be 1 or more" % text)
    return v


def make_parser():
    p = Parser(prog=PROG, description="Read the race reports and event files of Raceway for C.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    colour = dict(choices=["auto", "always", "never"], default="auto",
                  help="colour: auto (on a terminal, unless NO_COLOR is set), always, never")

    r = sub.add_parser("report", help="print a JSON race report (RACEWAY_REPORT) for a human")
    r.add_argument("report", metavar="REPORT.json", help="the report ('-': standard input)")
    r.add_argument("--color", "--colour", **colour)
    r.set_defaults(func=cmd_report)

    e = sub.add_parser("events", help="summarise an events file (RACEWAY_OUTPUT)")
    e.add_argument("events", metavar="EVENTS.jsonl", help="the events, one JSON object a line")
    g = e.add_mutually_exclusive_group()
    g.add_argument("--race", type=positive, metavar="N",
                   help="the events of both threads around race N (the Nth race_detected "
                        "event, or race N of --report)")
    g.add_argument("--variable", metavar="V", help="the accesses to variable V, and its first race")
    e.add_argument("--report", metavar="REPORT.json", help="number races as this report does")
    e.add_argument("--context", type=int, default=8, metavar="K",
                   help="events shown before and after each access (default 8)")
    e.add_argument("--color", "--colour", **colour)
    e.set_defaults(func=cmd_events)

    t = sub.add_parser("timeline", help="draw the threads around a race (SVG or HTML)")
    t.add_argument("report", metavar="REPORT.json")
    t.add_argument("events", metavar="EVENTS.jsonl")
    t.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="race.svg or race.html ('-': standard output, with --format)")
    t.add_argument("--race", type=positive, default=1, metavar="N", help="race N of the report (default 1)")
    t.add_argument("--format", choices=["svg", "html"], help="default: from the output's name")
    t.add_argument("--window", type=int, default=24, metavar="W",
                   help="events around each access (default 24)")
    t.set_defaults(func=cmd_timeline)
    return p


def main(argv=None):
    args = make_parser().parse_args(argv)
    out = sys.stdout
    try:
        return args.func(args, out)
    except InputError as e:
        out.flush()
        sys.stderr.write("%s: %s\n" % (PROG, e))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        try:
            sys.stdout = None
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
