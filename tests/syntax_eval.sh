#!/bin/sh
# The syntax model's figures with the gold words of each treebank:
# newsgraph parse --input-format conllu, scored by tests/syntax_score.py
# (UPOS, XPOS, lemma, UAS, LAS with universal relations as in CoNLL 2018,
# LAS-full with subtypes), all words including punctuation.
# A measurement, not a test: it never fails on a number.
set -e
src=${NG_SRCDIR:-.}
build=${NG_BUILDDIR:-.}
tmp=${TMPDIR:-/tmp}/ng-parse-eval.$$
trap 'rm -f "$tmp"' EXIT INT TERM
for tb in en_ewt-ud-dev en_ewt-ud-test en_pud-ud-test; do
  gold="$src/data/ud/$tb.conllu"
  "$build/src/newsgraph" parse --data-dir "$src/data" --stats \
    --input-format conllu "$gold" > "$tmp" 2> "$tmp.stats"
  printf '%-16s %s\n' "$tb" "$(python3 "$src/tests/syntax_score.py" "$gold" "$tmp")"
  printf '%-16s %s\n' "" "$(cat "$tmp.stats")"
  rm -f "$tmp.stats"
done
# speed: CPU seconds of the whole command on EWT test x4 (100k words),
# less those of the same command on an empty input (start-up: world,
# dictionaries, model), best of 3, in this run
python3 - "$build/src/newsgraph" "$src/data" "$src/data/ud/en_ewt-ud-test.conllu" <<'PY'
import os, resource, subprocess, sys, tempfile
prog, data, test = sys.argv[1:4]
text = open(test, "rb").read() * 4
words = sum(1 for l in text.split(b"\n") if l[:1].isdigit() and b"\t" in l
            and l.split(b"\t")[0].isdigit())
def cpu(inp):
    best = None
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([prog, "parse", "--data-dir", data, "--input-format",
                        "conllu"], input=inp, stdout=subprocess.DEVNULL,
                       check=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best = t if best is None else min(best, t)
    return best
empty, full = cpu(b""), cpu(text)
print("speed            %d words: %.2f CPU s, start-up %.0f ms CPU: "
      "%.0f words per CPU second (tagger, lemmatiser, parser, CoNLL-U in "
      "and out)" % (words, full, empty * 1e3, words / max(full - empty, 1e-9)))
PY
