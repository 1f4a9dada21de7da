#!/usr/bin/env python3
"""circles.py NM ARCHIVE: no circle between the engine's files or modules.

A file depends on another when it calls a function (or reads a variable)
that the other defines: nm's undefined symbols of one object file, matched
against the defined symbols of the others. This is the include graph as the
linker sees it, so a shared private header (workflow_int.h) does not hide a
circle behind it. Every circle between two or more files, and every circle
between modules (engine/<module>/), is printed with the symbols that make
it; the exit status is 1 when there is one. docs/architecture.md has the
rules; scripts/check-layers.sh checks the #include lines themselves.
"""
import collections
import re
import subprocess
import sys

# Circles still to be broken, as sets of files: the list only shrinks.
ALLOW = [
]
MODULE_ALLOW = [
]


def graph(nm, archive):
    out = subprocess.run([nm, '-A', archive], capture_output=True, text=True, check=True).stdout
    defined, used = {}, collections.defaultdict(set)
    for line in out.splitlines():
        # "lib.a:lib.a.p/facade_sync.c.o:0000000000000000 T dossier_sync"
        m = re.match(r'.*?([A-Za-z0-9]+)_([A-Za-z0-9_]+)\.c\.o:\s*[0-9a-f]*\s+([A-Za-z])\s+(\S+)$', line)
        if not m:
            continue
        f, kind, sym = m.group(1) + '/' + m.group(2) + '.c', m.group(3), m.group(4)
        if kind in 'TDBRVW' and kind.isupper():
            defined[sym] = f
        elif kind == 'U':
            used[f].add(sym)
    edges = collections.defaultdict(lambda: collections.defaultdict(set))
    for f, syms in used.items():
        for s in syms:
            d = defined.get(s)
            if d and d != f:
                edges[f][d].add(s)
    return edges


def circles(edges):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    nodes = set(edges) | {d for e in edges.values() for d in e}

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def show(comp, edges):
    for a in comp:
        for b in comp:
            if b in edges.get(a, ()):
                print(f'  {a} -> {b}: {", ".join(sorted(edges[a][b])[:6])}')


def main():
    nm, archive = sys.argv[1], sys.argv[2]
    files = graph(nm, archive)
    if not files:
        print(f'circles: no symbols read from {archive}')
        return 1
    modules = collections.defaultdict(lambda: collections.defaultdict(set))
    for a, targets in files.items():
        for b, syms in targets.items():
            ma, mb = a.split('/')[0], b.split('/')[0]
            if ma != mb:
                modules[ma][mb] |= {f'{s} ({a})' for s in syms}
    bad = 0
    for comp in circles(modules):
        if set(comp) in [set(a) for a in MODULE_ALLOW]:
            continue
        print('a circle between modules: ' + ' '.join(comp))
        show(comp, modules)
        bad = 1
    for comp in circles(files):
        if set(comp) in [set(a) for a in ALLOW]:
            continue
        print('a circle between files: ' + ' '.join(comp))
        show(comp, files)
        bad = 1
    if not bad:
        print(f'circles: none between {len(set(files) | {d for e in files.values() for d in e})} files')
    return bad


if __name__ == '__main__':
    sys.exit(main())
