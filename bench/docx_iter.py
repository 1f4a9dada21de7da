#!/usr/bin/env python3
"""The baseline of the `word` benchmark (bench/README.md): python-docx
(Debian python3-docx) merely opening a .docx and iterating its paragraphs'
text: as a whole process (what a drafter's script costs, as `dossier
convert` is one), and timed inside one Python process (interpreter start
and imports not counted). Also makes the benchmark's .docx.

  docx_iter.py make DECREE.txt OUT.docx       a decree as python-docx writes it (automatic numbering)
  docx_iter.py once FILE.docx                  open and iterate once (the whole-process baseline)
  docx_iter.py time FILE.docx RUNS WARMUP     prints {"wall": [...], "cpu": [...], "paragraphs": N}
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "cli"))
import docxmake                                     # noqa: E402 (puts Debian's python3-docx on the path)
import docx                                         # noqa: E402


def main():
    if sys.argv[1] == "make":
        with open(sys.argv[2], encoding="utf-8") as f:
            docxmake.make(f.read(), sys.argv[3], automatic=True)
        return 0
    if sys.argv[1] == "once":
        return 0 if sum(1 for p in docx.Document(sys.argv[2]).paragraphs if p.text is not None) else 1
    path, runs, warmup = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    walls, cpus, n = [], [], 0
    for i in range(warmup + runs):
        t0, c0 = time.perf_counter(), time.process_time()
        n = sum(1 for p in docx.Document(path).paragraphs if p.text is not None)
        w, c = time.perf_counter() - t0, time.process_time() - c0
        if i >= warmup:
            walls.append(w)
            cpus.append(c)
    print(json.dumps({"wall": walls, "cpu": cpus, "paragraphs": n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
