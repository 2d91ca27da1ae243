#!/usr/bin/env python3
"""check_settings.py - README.md's Configuration table lists exactly the
settings of runtime/common/settings.def (issue #12: one definition per
fact), and shows each literal default as the table defines it.

  check_settings.py [SRCROOT] [--table FILE] [--readme FILE]

Prints what differs and exits 1; prints one "ok" line and exits 0 when the
two agree.  Run by ctest (check_settings).
"""

import argparse
import os
import re
import sys


def strip_comments(text):
    """C comments out, string literals kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def split_args(text, start):
    """The top-level arguments of the call whose '(' is at text[start]."""
    args, depth, cur, i = [], 0, [], start
    while i < len(text):
        ch = text[i]
        if ch == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i + 1
        elif ch == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    raise ValueError("unbalanced RW_SETTING(")


def c_string(arg):
    """The value of a C string literal (adjacent literals joined), or None."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    if not parts or re.sub(r'"((?:[^"\\]|\\.)*)"', "", arg).strip():
        return None
    return "".join(parts).encode().decode("unicode_escape")


def read_table(path):
    """[(name, kind, default)] in table order; default is a str, None for
    unset (0) or "computed" (RW_COMPUTED)."""
    text = strip_comments(open(path, encoding="utf-8").read())
    rows, pos = [], 0
    for m in re.finditer(r"\bRW_SETTING\s*\(", text):
        if m.start() < pos:
            continue
        args, pos = split_args(text, m.end() - 1)
        if len(args) != 6:
            raise ValueError("%s: RW_SETTING with %d arguments: %s"
                             % (path, len(args), args[:1]))
        name, kind, default = args[0], args[1], args[2]
        if default == "0":
            value = None
        elif default == "RW_COMPUTED":
            value = "computed"
        else:
            value = c_string(default)
            if value is None:
                raise ValueError("%s: %s: default %s is not a literal"
                                 % (path, name, default))
            value = ("literal", value)
        rows.append((name, kind, value))
    return rows


def read_readme(path):
    """{name: default cell} of the table in the '## Configuration' section."""
    lines = open(path, encoding="utf-8").read().splitlines()
    rows, in_section = {}, False
    for line in lines:
        if line.startswith("## "):
            in_section = line.strip() == "## Configuration"
            continue
        if not in_section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"`(RACEWAY_[A-Z0-9_]+)`", cells[0])
        if m:
            if m.group(1) in rows:
                rows[m.group(1)] = "DUPLICATE"
            else:
                rows[m.group(1)] = cells[1] if len(cells) > 1 else ""
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser()
    p.add_argument("srcroot", nargs="?", default=os.path.join(here, "..", ".."))
    p.add_argument("--table")
    p.add_argument("--readme")
    a = p.parse_args()
    table_path = a.table or os.path.join(a.srcroot, "runtime", "common", "settings.def")
    readme_path = a.readme or os.path.join(a.srcroot, "README.md")
    table = read_table(table_path)
    readme = read_readme(readme_path)
    problems = []
    names = [r[0] for r in table]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append("%s is defined twice in %s" % (dup, table_path))
    for name in names:
        if name not in readme:
            problems.append("%s is missing from README.md's Configuration table" % name)
    for name in sorted(readme):
        if name not in names:
            problems.append("README.md lists %s, which settings.def does not define" % name)
        elif readme[name] == "DUPLICATE":
            problems.append("README.md lists %s twice" % name)
    for name, _kind, default in table:
        if isinstance(default, tuple) and name in readme:
            want = "`%s`" % default[1]
            if readme[name] != want:
                problems.append("README.md gives %s the default %s; settings.def: %s"
                                % (name, readme[name], want))
    for problem in problems:
        print("check_settings: " + problem)
    if problems:
        return 1
    print("check_settings: ok (%d settings)" % len(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
