#!/usr/bin/env python3
"""make bench-parse: the speed of the tagger, lemmatiser and parser alone
on the UD English Web Treebank test text (25k words), measured by
`train_syntax --eval-only` (the treebank read before its clock starts,
annotation only, one core), best of --runs; then `newsgraph parse` end to
end (CoNLL-U in and out, start-up excluded) on the same text x4.

With --base-tool and --base-model (an older build's train_syntax and its
model), the same measures of that build are taken in the same run,
interleaved, and the ratios printed: on a busy machine the ratio is the
steadier figure.  A benchmark, not a test: it exits 0 whatever the
numbers.
"""
import argparse
import os
import re
import resource
import subprocess
import sys


def annotate_rate(tool, model, test):
    """Words a second of annotation alone, as train_syntax reports it."""
    r = subprocess.run([tool, "--eval-only", "1", "--eval", test, "x", model],
                       capture_output=True, text=True)
    m = re.search(r"\(([0-9.]+) words/s", r.stderr)
    return float(m.group(1)) if m else None


def cpu_of(cmd, inp):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, input=inp, stdout=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcdir", default=".")
    ap.add_argument("--builddir", default=".")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base-tool")
    ap.add_argument("--base-model")
    a = ap.parse_args()
    test = os.path.join(a.srcdir, "data", "ud", "en_ewt-ud-test.conllu")
    tool = os.path.join(a.builddir, "src", "tools", "train_syntax")
    model = os.path.join(a.srcdir, "data", "syntax", "en_ewt.model")
    builds = [("this build", tool, model)]
    if a.base_tool and a.base_model:
        builds.append(("base", a.base_tool, a.base_model))
    best = {}
    for _ in range(a.runs):
        for name, t, m in builds:
            r = annotate_rate(t, m, test)
            if r and r > best.get(name, 0):
                best[name] = r
    for name, _, _ in builds:
        print("tagger+lemmatiser+parser, EWT test, %-10s: %s words/s"
              % (name, "%.0f" % best[name] if name in best else "n/a"))
    if len(builds) == 2 and best.get("base") and best.get("this build"):
        print("ratio this build / base: %.2fx"
              % (best["this build"] / best["base"]))
    # end to end: newsgraph parse on the text x4, less its start-up
    prog = os.path.join(a.builddir, "src", "newsgraph")
    data = os.path.join(a.srcdir, "data")
    text = open(test, "rb").read() * 4
    words = sum(1 for l in text.split(b"\n")
                if l[:1].isdigit() and l.split(b"\t")[0].isdigit())
    cmd = [prog, "parse", "--data-dir", data, "--input-format", "conllu"]
    empty = min(cpu_of(cmd, b"") for _ in range(3))
    full = min(cpu_of(cmd, text) for _ in range(3))
    print("newsgraph parse (CoNLL-U in and out), %d words: %.2f CPU s, "
          "start-up %.0f ms: %.0f words per CPU second"
          % (words, full, empty * 1e3, words / max(full - empty, 1e-9)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
