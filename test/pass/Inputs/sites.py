#!/usr/bin/env python3
"""Print the raceway_site records of an instrumented .ll file, one per line,
with their strings resolved, in source order, the file name dropped:

  line:col access=N variable type offset=N size=N flags=N kind=N

so two builds of one program (state annotated, or named by a tracklist)
can be compared with diff."""
import re
import sys

text = open(sys.argv[1]).read()
strings = dict(re.findall(r'^(@\.raceway\.str[.\d]*) = .*?c"(.*?)\\00"', text, re.M))
rec = re.compile(r'\{ ptr (\S+), ptr (\S+), ptr (\S+), i32 (\d+), i32 (\d+), i32 (\d+), '
                 r'i8 (\d+), i8 (\d+), i8 (\d+), i8 (-?\d+), i8 (\d+), \[3 x i8\] zeroinitializer \}')
out = []
for m in rec.finditer(text):
    var, typ, _file, line, col, off, acc, kind, size, flags, order = m.groups()
    name = lambda s: strings.get(s.rstrip(','), s).strip()
    out.append((int(line), int(col), int(acc),
                "%s:%s access=%s variable=%s type=%s offset=%s size=%s flags=%s kind=%s"
                % (line, col, acc, name(var), name(typ), off, size, int(flags) & 0xff, kind)))
for r in sorted(set(out)):
    print(r[3])
