#!/bin/sh
# test_index_same.sh - the evaluator over the store's in-memory index
# (src/lib/store_index.c) gives the answers it gives over librdf: every
# bundled query (with parameters naming actors and countries of the
# corpus) and every query of tests/data/store/differential, on a hashes
# store of the Wikinews corpus (tests/data/wikinews), run by `newsgraph
# query` with NG_SPARQL_INDEX=0 (librdf) and NG_SPARQL_INDEX=1 (the
# index).  Answers with ORDER BY must be the same bytes (ties are put in
# the order of their values); the others the same lines in any order.
# NG_INDEX_BREAK=1 drops the last line of one answer over the index
# before comparing (shows the test fails when the answers differ).
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
NEWSGRAPH_NO_USER_ACTORS=1
export NEWSGRAPH_NO_USER_ACTORS
[ -x "$ng" ] || { echo "no $ng"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

"$ng" extract -q -f nquads -o "$tmp/c.nq" \
  "$src/tests/data/wikinews/wikinews.jsonl" &&
  "$ng" load -q --create --store "$tmp/store" "$tmp/c.nq" >/dev/null ||
  { echo "cannot build the store"; exit 99; }

fails=0
n=0
# NAME ORDERED ARGS...: the query both ways, compared
both() {
  name=$1
  ordered=$2
  shift 2
  NG_SPARQL_INDEX=0 "$ng" query --store "$tmp/store" -r tsv "$@" \
    >"$tmp/lib" 2>"$tmp/lib.err"
  rl=$?
  NG_SPARQL_INDEX=1 "$ng" query --store "$tmp/store" -r tsv "$@" \
    >"$tmp/ix" 2>"$tmp/ix.err"
  ri=$?
  if [ "${NG_INDEX_BREAK:-0}" = 1 ] && [ $n = 0 ]; then
    sed '$d' "$tmp/ix" >"$tmp/ix2" && mv "$tmp/ix2" "$tmp/ix"
  fi
  n=$((n + 1))
  if [ "$ordered" = 0 ]; then
    sort "$tmp/lib" >"$tmp/lib.s" && mv "$tmp/lib.s" "$tmp/lib"
    sort "$tmp/ix" >"$tmp/ix.s" && mv "$tmp/ix.s" "$tmp/ix"
  fi
  rows=$(($(wc -l <"$tmp/lib") - 1))
  if [ $rl -ne 0 ] || [ $ri -ne $rl ]; then
    echo "FAIL: $name: exit $rl over librdf, $ri over the index"
    cat "$tmp/lib.err" "$tmp/ix.err"
    fails=$((fails + 1))
  elif ! cmp -s "$tmp/lib" "$tmp/ix"; then
    echo "FAIL: $name: the answers differ ($rows rows over librdf)"
    diff "$tmp/lib" "$tmp/ix" | head -5
    fails=$((fails + 1))
  else
    echo "ok: $name ($rows rows)"
  fi
}

for q in actors most-active posts who-did-what who-met-whom; do
  both "$q" 1 "$q"
done
both "events-of Iraq" 1 events-of --param actor=Iraq
both "timeline United States" 1 timeline --param actor="United States"
both "attacks-by police" 1 attacks-by --param actor=police
both "between-countries USA IRQ" 1 between-countries --param a=USA \
  --param b=IRQ
for f in "$src"/tests/data/store/differential/*.rq; do
  ordered=0
  grep -q '^ *ORDER BY' "$f" && ordered=1
  both "$(basename "$f")" $ordered -f "$f"
done
# the whole store, each graph
both "every quad" 0 'SELECT * { GRAPH ?g { ?s ?p ?o } }'
both "every triple" 0 'SELECT * { ?s ?p ?o }'

echo "$n queries, $fails failed"
[ $fails -eq 0 ]
