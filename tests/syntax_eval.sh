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
