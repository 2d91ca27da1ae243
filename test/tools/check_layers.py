#!/usr/bin/env python3
"""check_layers.py - the runtime's dependencies only point down.

The layers, bottom to top, are the RACEWAY_RUNTIME_LAYERS list in
runtime/CMakeLists.txt (their one definition).  A source or header in
runtime/<layer>/ may include "<other>/x.h" only when <other> is its own
layer or comes before it in that list (the public "raceway/x.h" headers
are below every layer), and the files of one layer may not
include each other in a cycle.  Also checked: every runtime source has at
most one header of its own name (one header per file), and no file is
over the size limit (lines).

usage: check_layers.py [RUNTIME_DIR]       check the tree (default: runtime/)
       check_layers.py --self-test         check that violations are caught
Exit status 0 when clean; 1 with one line per violation.
"""
import os
import re
import sys
import tempfile

MAX_FILE_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/([A-Za-z0-9_]+\.h)"', re.M)
LAYERS = re.compile(r'set\(RACEWAY_RUNTIME_LAYERS\s+([^)]*)\)')


def read_layers(runtime):
    with open(os.path.join(runtime, "CMakeLists.txt")) as f:
        m = LAYERS.search(f.read())
    if not m:
        raise SystemExit("check_layers: no RACEWAY_RUNTIME_LAYERS in runtime/CMakeLists.txt")
    return m.group(1).split()


def files_of(runtime, layers):
    for layer in layers:
        folder = os.path.join(runtime, layer)
        for name in sorted(os.listdir(folder)):
            if name.endswith((".c", ".h")):
                yield layer, name, os.path.join(folder, name)


def find_cycle(graph):
    """One include cycle in graph (node -> set of nodes) as a list, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def check(runtime):
    layers = read_layers(runtime)
    rank = {layer: i for i, layer in enumerate(layers)}
    problems = []
    # Module graph: "layer/stem" -> modules it includes (a .c and its .h
    # are one module, so a cycle through a header is a cycle of files).
    graph = {}
    for layer, name, path in files_of(runtime, layers):
        with open(path) as f:
            text = f.read()
        if text.count("\n") > MAX_FILE_LINES:
            problems.append("%s/%s: %d lines (limit %d)"
                            % (layer, name, text.count("\n"), MAX_FILE_LINES))
        module = "%s/%s" % (layer, os.path.splitext(name)[0])
        edges = graph.setdefault(module, set())
        for inc_layer, header in INCLUDE.findall(text):
            if inc_layer == "raceway":       # the public headers: below all
                continue
            if inc_layer not in rank:
                problems.append("%s/%s includes %s/%s: no such layer"
                                % (layer, name, inc_layer, header))
                continue
            if rank[inc_layer] > rank[layer]:
                problems.append("%s/%s includes %s/%s: %s is above %s"
                                % (layer, name, inc_layer, header, inc_layer, layer))
            target = "%s/%s" % (inc_layer, os.path.splitext(header)[0])
            if target != module:
                edges.add(target)
    cycle = find_cycle(graph)
    if cycle:
        problems.append("include cycle: " + " -> ".join(cycle))
    return problems


def self_test():
    """A tree with a layer violation and a cycle must fail; a clean one pass."""
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        write("CMakeLists.txt", "set(RACEWAY_RUNTIME_LAYERS low high)\n")
        write("low/a.h", "")
        write("low/a.c", '#include "low/a.h"\n')
        write("high/b.c", '#include "low/a.h"\n')
        if check(root):
            return "a clean tree was reported"
        write("low/a.c", '#include "low/a.h"\n#include "high/b.h"\n')
        write("high/b.h", "")
        found = check(root)
        if not any("high is above low" in p for p in found):
            return "an upward include was not reported"
        write("low/a.c", '#include "low/c.h"\n')
        write("low/c.c", '#include "low/a.h"\n')
        write("low/c.h", "")
        if not any("include cycle" in p for p in check(root)):
            return "an include cycle was not reported"
    return None


def main():
    if sys.argv[1:] == ["--self-test"]:
        failure = self_test()
        print("check_layers self-test: " + (failure or "ok"))
        return 1 if failure else 0
    runtime = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "runtime")
    problems = check(runtime)
    for p in problems:
        print("check_layers: " + p)
    print("check_layers: %s" % ("%d problems" % len(problems) if problems else "clean"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
