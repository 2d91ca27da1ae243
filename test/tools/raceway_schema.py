"""raceway_schema.py - strict checker for Raceway event batches.

Checks JSON against the event schema the Raceway server deserialises
(wire spec /work/shared/raceway-wire-spec.md, section 2) and reports the
first problem with its JSON path, as the server's serde errors do.  It is
shared by test/tools/collector.py (per request) and test/tools/check_events.py
(for event files).

Stricter than the server in one place, on purpose: NUL characters are
rejected in every string, because the Postgres backend silently loses the
whole engine batch for them (wire spec 1.8).  With canonical=True it also
demands what our runtime promises to emit (wire spec 9.3): lowercase
hyphenated UUIDs and UTC timestamps ending in "Z".

Python's json module is more lenient than serde_json; parse_body() closes
those gaps (NaN/Infinity, lone surrogates, duplicate keys, deep nesting).
"""

import json
import re

U16 = 0xFFFF
U32 = 0xFFFFFFFF
U64 = 0xFFFFFFFFFFFFFFFF
MAX_DEPTH = 128  # serde_json's recursion limit

ACCESS_TYPES = ("Read", "Write", "AtomicRead", "AtomicWrite", "AtomicRMW")
ORDERINGS = ("Relaxed", "Acquire", "Release", "AcqRel", "SeqCst")


class SchemaError(Exception):
    """A batch the server would reject; status is 400 or 422 as it would."""

    def __init__(self, path, message, status=422):
        super().__init__("%s: %s" % (path, message) if path else message)
        self.path = path
        self.status = status


class _Object(dict):
    """A JSON object that remembers the keys it saw more than once."""

    duplicates = ()


def _object_pairs(pairs):
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen, dups = set(), []
        for key, _ in pairs:
            if key in seen:
                dups.append(key)
            seen.add(key)
        obj.duplicates = tuple(dups)
    return obj


def _reject_constant(name):
    raise ValueError("%s is not valid JSON" % name)


def parse_body(data):
    """bytes -> parsed JSON value, or SchemaError(status=400) where
    serde_json would fail to parse.  Bytes after the first JSON value are
    ignored, as the server never checks them (wire spec 1.3)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SchemaError("", "invalid UTF-8 at byte %d" % e.start, 400)
    decoder = json.JSONDecoder(object_pairs_hook=_object_pairs,
                               parse_constant=_reject_constant)
    start = len(text) - len(text.lstrip(" \t\r\n"))
    try:
        value, _ = decoder.raw_decode(text, start)
    except (ValueError, RecursionError) as e:
        raise SchemaError("", str(e), 400)
    _check_syntax(value)
    return value


def _check_syntax(root):
    """What serde_json refuses while parsing: lone surrogates, nesting
    deeper than 128.  Walks iteratively; depth is bounded anyway."""
    stack = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_surrogates(value)
        elif isinstance(value, (list, dict)):
            if depth > MAX_DEPTH:
                raise SchemaError("", "recursion limit exceeded", 400)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    _check_surrogates(key)
                stack.append((item, depth + 1))


def _check_surrogates(s):
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise SchemaError("", "lone leading surrogate in hex escape", 400)


def _type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean `%s`" % str(v).lower()
    if isinstance(v, int):
        return "integer `%d`" % v
    if isinstance(v, float):
        return "floating point `%r`" % v
    if isinstance(v, str):
        return "string %s" % json.dumps(v)
    if isinstance(v, list):
        return "sequence"
    return "map"


class Checker:
    """Checks one event at a time; every method raises SchemaError."""

    def __init__(self, canonical=False):
        self.canonical = canonical

    # -- batch and event ---------------------------------------------------

    def check_batch(self, batch):
        """Returns the list of events of a valid batch."""
        if not isinstance(batch, dict):
            raise SchemaError("", "invalid type: %s, expected struct EventBatch"
                              % _type_name(batch))
        self._no_duplicates("", batch)
        if "events" not in batch:
            raise SchemaError("", "missing field `events`")
        events = batch["events"]
        if not isinstance(events, list):
            raise SchemaError("events", "invalid type: %s, expected a sequence"
                              % _type_name(events))
        for i, event in enumerate(events):
            self.check_event(event, "events[%d]" % i)
        return events

    def check_event(self, ev, path):
        self._struct(path, ev, "struct Event")
        self._uuid(path, ev, "id")
        self._uuid(path, ev, "trace_id")
        self._uuid(path, ev, "parent_id", optional=True)
        self._timestamp(path, ev)
        self._kind(path, ev)
        self._metadata(path, ev)
        self._causality_vector(path, ev)
        self._lock_set(path, ev)

    # -- parts of an event -------------------------------------------------

    def _metadata(self, path, ev):
        md = self._field(path, ev, "metadata")
        p = path + ".metadata"
        self._struct(p, md, "struct EventMetadata")
        self._string(p, md, "thread_id")
        self._uint(p, md, "process_id", U32)
        self._string(p, md, "service_name")
        self._string(p, md, "environment")
        self._string_map(p, md, "tags")
        self._uint(p, md, "duration_ns", U64, optional=True)
        for key in ("instance_id", "distributed_span_id", "upstream_span_id"):
            self._string(p, md, key, optional=True)

    def _causality_vector(self, path, ev):
        cv = self._field(path, ev, "causality_vector")
        p = path + ".causality_vector"
        if not isinstance(cv, list):
            raise SchemaError(p, "invalid type: %s, expected a sequence" % _type_name(cv))
        for i, entry in enumerate(cv):
            ep = "%s[%d]" % (p, i)
            if not isinstance(entry, list):
                raise SchemaError(ep, "invalid type: %s, expected a tuple of size 2"
                                  % _type_name(entry))
            if len(entry) != 2:
                # serde: too few is a data error, too many a syntax error.
                raise SchemaError(ep, "invalid length %d, expected a tuple of size 2"
                                  % len(entry), 400 if len(entry) > 2 else 422)
            self._check_string(ep + "[0]", entry[0])
            self._check_uint(ep + "[1]", entry[1], U64)

    def _lock_set(self, path, ev):
        ls = self._field(path, ev, "lock_set")
        p = path + ".lock_set"
        if not isinstance(ls, list):
            raise SchemaError(p, "invalid type: %s, expected a sequence" % _type_name(ls))
        for i, lock in enumerate(ls):
            self._check_string("%s[%d]" % (p, i), lock)

    def _timestamp(self, path, ev):
        ts = self._field(path, ev, "timestamp")
        p = path + ".timestamp"
        self._check_string(p, ts)
        problem = rfc3339_problem(ts, self.canonical)
        if problem:
            raise SchemaError(p, problem)

    def _kind(self, path, ev):
        kind = self._field(path, ev, "kind")
        p = path + ".kind"
        if isinstance(kind, str):
            raise SchemaError(p, "invalid type: unit variant, expected struct variant")
        if not isinstance(kind, dict) or not kind:
            raise SchemaError(p, "invalid type: %s, expected enum EventKind" % _type_name(kind))
        if len(kind) != 1:
            raise SchemaError(p, "expected map with a single key", 400)
        (name, fields), = kind.items()
        spec = KINDS.get(name)
        if spec is None:
            raise SchemaError(p, "unknown variant `%s`, expected one of %s"
                              % (name, ", ".join("`%s`" % k for k in KINDS)))
        vp = "%s.%s" % (p, name)
        self._struct(vp, fields, "struct variant EventKind::%s" % name)
        for key, check in spec:
            check(self, vp, fields, key)

    # -- field helpers (obj is a dict already) -----------------------------

    def _struct(self, path, obj, what):
        if not isinstance(obj, dict):
            raise SchemaError(path, "invalid type: %s, expected %s" % (_type_name(obj), what))
        self._no_duplicates(path, obj)

    def _no_duplicates(self, path, obj):
        dups = getattr(obj, "duplicates", ())
        if dups:
            raise SchemaError(path, "duplicate field `%s`" % dups[0])

    def _field(self, path, obj, key, optional=False):
        if key not in obj:
            if optional:
                return None
            raise SchemaError(path, "missing field `%s`" % key)
        return obj[key]

    def _string(self, path, obj, key, optional=False):
        v = self._field(path, obj, key, optional)
        if v is None and optional:
            return
        self._check_string("%s.%s" % (path, key), v)

    def _uint(self, path, obj, key, limit, optional=False):
        v = self._field(path, obj, key, optional)
        if v is None and optional:
            return
        self._check_uint("%s.%s" % (path, key), v, limit)

    def _uuid(self, path, obj, key, optional=False):
        v = self._field(path, obj, key, optional)
        if v is None and optional:
            return
        p = "%s.%s" % (path, key)
        self._check_string(p, v)
        problem = uuid_problem(v, self.canonical)
        if problem:
            raise SchemaError(p, problem)

    def _string_map(self, path, obj, key):
        m = self._field(path, obj, key)
        p = "%s.%s" % (path, key)
        if not isinstance(m, dict):
            raise SchemaError(p, "invalid type: %s, expected a map" % _type_name(m))
        for k, v in m.items():
            self._check_string("%s.%s" % (p, k), k)
            self._check_string("%s.%s" % (p, k), v)

    def _value(self, path, obj, key, optional=False):
        v = self._field(path, obj, key, optional)
        _check_no_nul(path + "." + key, v)

    def _string_list(self, path, obj, key):
        v = self._field(path, obj, key)
        p = "%s.%s" % (path, key)
        if not isinstance(v, list):
            raise SchemaError(p, "invalid type: %s, expected a sequence" % _type_name(v))
        for i, s in enumerate(v):
            self._check_string("%s[%d]" % (p, i), s)

    def _enum(self, values, enum_name):
        def check(self, path, obj, key):
            v = self._field(path, obj, key)
            p = "%s.%s" % (path, key)
            if not isinstance(v, str):
                raise SchemaError(p, "invalid type: %s, expected enum %s"
                                  % (_type_name(v), enum_name))
            if v not in values:
                raise SchemaError(p, "unknown variant `%s`, expected one of %s"
                                  % (v, ", ".join("`%s`" % x for x in values)))
        return check

    # -- scalar checks -----------------------------------------------------

    @staticmethod
    def _check_string(path, v):
        if not isinstance(v, str):
            raise SchemaError(path, "invalid type: %s, expected a string" % _type_name(v))
        if "\0" in v:
            raise SchemaError(path, "NUL character in string (the Postgres backend "
                              "drops the whole batch; collector is strict here)")

    @staticmethod
    def _check_uint(path, v, limit):
        # bool is an int subclass in Python but not a number in JSON.
        if isinstance(v, bool) or not isinstance(v, int):
            raise SchemaError(path, "invalid type: %s, expected %s"
                              % (_type_name(v), "u16" if limit == U16 else
                                 "u32" if limit == U32 else "u64"))
        if v < 0 or v > limit:
            raise SchemaError(path, "invalid value: integer `%d`, expected %s"
                              % (v, "u16" if limit == U16 else
                                 "u32" if limit == U32 else "u64"))


def _check_no_nul(path, value):
    """Value fields take any JSON, but no NUL anywhere inside."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            Checker._check_string(path, v)
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                Checker._check_string(path, k)
                stack.append(item)


def _s(self, p, o, k):
    self._string(p, o, k)


def _v(self, p, o, k):
    self._value(p, o, k)


def _opt_v(self, p, o, k):
    self._value(p, o, k, optional=True)


def _u(limit):
    return lambda self, p, o, k: self._uint(p, o, k, limit)


def _uuid_f(self, p, o, k):
    self._uuid(p, o, k)


def _smap(self, p, o, k):
    self._string_map(p, o, k)


def _slist(self, p, o, k):
    self._string_list(p, o, k)


def _access(self, p, o, k):
    self._enum(ACCESS_TYPES, "AccessType")(self, p, o, k)


def _ordering(self, p, o, k):
    self._enum(ORDERINGS, "MemoryOrdering")(self, p, o, k)


# Every EventKind variant: (field, check) in declaration order (wire spec 2.3).
KINDS = {
    "FunctionCall": [("function_name", _s), ("module", _s), ("args", _v),
                     ("file", _s), ("line", _u(U32))],
    "AsyncSpawn": [("task_id", _uuid_f), ("spawned_by", _s)],
    "AsyncAwait": [("future_id", _uuid_f), ("awaited_at", _s)],
    "StateChange": [("variable", _s), ("old_value", _opt_v), ("new_value", _v),
                    ("location", _s), ("access_type", _access)],
    "LockAcquire": [("lock_id", _s), ("lock_type", _s), ("location", _s)],
    "LockRelease": [("lock_id", _s), ("lock_type", _s), ("location", _s)],
    "MemoryFence": [("ordering", _ordering), ("location", _s)],
    "HttpRequest": [("method", _s), ("url", _s), ("headers", _smap), ("body", _opt_v)],
    "HttpResponse": [("status", _u(U16)), ("headers", _smap), ("body", _opt_v),
                     ("duration_ms", _u(U64))],
    "DatabaseQuery": [("query", _s), ("database", _s), ("duration_ms", _u(U64))],
    "DatabaseResult": [("rows_affected", _u(U64))],
    "Error": [("error_type", _s), ("message", _s), ("stack_trace", _slist)],
    "Custom": [("name", _s), ("data", _v)],
}

_HEX32 = re.compile(r"[0-9a-fA-F]{32}\Z")
_HYPHENATED = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                         r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                             r"[0-9a-f]{12}\Z")


def uuid_problem(s, canonical=False):
    """None if uuid 1.x Uuid::parse_str accepts s (wire spec 2.5)."""
    if canonical:
        return None if _CANONICAL_UUID.match(s) else (
            "UUID %s is not lowercase hyphenated (canonical mode)" % json.dumps(s))
    ok = (len(s) == 32 and _HEX32.match(s)) or \
         (len(s) == 36 and _HYPHENATED.match(s)) or \
         (len(s) == 38 and s[0] == "{" and s[-1] == "}" and _HYPHENATED.match(s[1:-1])) or \
         (len(s) == 45 and s.startswith("urn:uuid:") and _HYPHENATED.match(s[9:]))
    return None if ok else "UUID parsing failed: invalid UUID %s" % json.dumps(s)


# chrono's relaxed RFC 3339 (wire spec 2.6): T/t/space separator, optional
# spaces, unpadded fields, any number of fraction digits, offset required.
_RFC3339 = re.compile(
    r"\s*(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:\s*[Tt]\s*|\s+)"
    r"(\d{1,2})\s*:\s*(\d{1,2})\s*:\s*(\d{1,2})(\.\d+)?\s*"
    r"(Z|z|UTC|[+-]\d{2}:?\d{2})\Z")
_CANONICAL_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z\Z")


def rfc3339_problem(s, canonical=False):
    """None if chrono's DateTime<Utc> deserialiser accepts s."""
    m = _RFC3339.match(s)
    if not m:
        return "input contains invalid characters or no offset: %s" % json.dumps(s)
    y, mo, d, h, mi, sec = (int(x) for x in m.groups()[:6])
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= mo <= 12 and 1 <= d <= days[mo - 1] and h <= 23 and mi <= 59
            and sec <= 60):
        return "input is out of range: %s" % json.dumps(s)
    off = m.group(8)
    if off[0] in "+-":
        digits = off[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:]) > 59:
            return "input is out of range: %s" % json.dumps(s)
    if canonical and not _CANONICAL_TS.match(s):
        return "timestamp %s is not YYYY-MM-DDTHH:MM:SS[.f]Z (canonical mode)" % json.dumps(s)
    return None
