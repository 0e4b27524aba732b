#!/bin/sh
# test_store_crash.sh - a load killed at any moment leaves the store
# consistent.  Loads version 1 of a generated dataset of many article
# graphs, then kills `newsgraph load` of version 2 (every graph of a
# different size) with SIGKILL at ROUNDS random moments; after each kill
# the store must open, and every article graph must hold exactly its
# version-1 or its version-2 quads (counted per graph).  Also checks that
# a second writer is refused with exit code 6 while a load runs.
#
# Environment: NEWSGRAPH (default $NG_BUILDDIR/src/newsgraph), NG_SRCDIR
# or srcdir (default .),
# ARTICLES (default 400), ROUNDS (default 20).
set -u
NG=${NEWSGRAPH:-${NG_BUILDDIR:-.}/src/newsgraph}
DATA=${NG_SRCDIR:-${srcdir:-.}}/tests/data/store
ARTICLES=${ARTICLES:-400}
ROUNDS=${ROUNDS:-20}
GEN="$DATA/gen-nquads.awk"

[ -x "$NG" ] || { echo "no $NG"; exit 99; }
TMP=$(mktemp -d) || exit 99
trap 'rm -rf "$TMP"' EXIT INT TERM
STORE=$TMP/store

awk -v articles="$ARTICLES" -v version=1 -f "$GEN" >"$TMP/v1.nq" || exit 99
awk -v articles="$ARTICLES" -v version=2 -f "$GEN" >"$TMP/v2.nq" || exit 99
awk -v articles="$ARTICLES" -v version=1 -v counts=1 -f "$GEN" \
  | LC_ALL=C sort >"$TMP/c1" || exit 99
awk -v articles="$ARTICLES" -v version=2 -v counts=1 -f "$GEN" \
  | LC_ALL=C sort >"$TMP/c2" || exit 99

"$NG" load -q --create --store "$STORE" "$TMP/v1.nq" || exit 99

# how long a whole load takes: the kills fall inside it
start=$(date +%s%N)
"$NG" load -q --store "$STORE" "$TMP/v2.nq" || exit 99
ms=$(( ($(date +%s%N) - start) / 1000000 ))
"$NG" load -q --store "$STORE" "$TMP/v1.nq" || exit 99
[ "$ms" -lt 50 ] && ms=50
echo "a load of $(wc -l <"$TMP/v2.nq") quads takes ${ms} ms"

COUNT_QUERY='SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?g'

check() {
  # prints "old", "new" or "mixed" when the store is consistent
  if ! "$NG" query -q --store "$STORE" -r tsv "$COUNT_QUERY" \
       >"$TMP/out" 2>"$TMP/err"; then
    echo "FAIL: the store does not open after the kill:" >&2
    cat "$TMP/err" >&2
    return 1
  fi
  tail -n +2 "$TMP/out" | sed 's/^<\([^>]*\)>\t"\([0-9]*\)".*/\1 \2/' \
    | LC_ALL=C sort >"$TMP/now"
  if cmp -s "$TMP/now" "$TMP/c1"; then echo old; return 0; fi
  if cmp -s "$TMP/now" "$TMP/c2"; then echo new; return 0; fi
  # graph by graph: each one complete-old or complete-new
  bad=$(LC_ALL=C join -a 1 "$TMP/now" "$TMP/c1" | LC_ALL=C join -a 1 - \
        "$TMP/c2" | awk 'NF != 4 || ($2 != $3 && $2 != $4)' | head -5)
  n_now=$(wc -l <"$TMP/now")
  n_want=$(wc -l <"$TMP/c1")
  if [ -n "$bad" ] || [ "$n_now" -ne "$n_want" ]; then
    echo "FAIL: graphs neither old nor new ($n_now graphs of $n_want):" >&2
    echo "$bad" >&2
    return 1
  fi
  echo mixed
}

fail=0
old=0
new=0
i=1
while [ $i -le "$ROUNDS" ]; do
  delay=$(awk -v s="$i$$" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms * 1.2 / 1000 }')
  if [ $((i % 2)) -eq 0 ]; then file=$TMP/v1.nq; else file=$TMP/v2.nq; fi
  "$NG" load -q --store "$STORE" "$file" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  state=$(check) || { fail=1; break; }
  case $state in old) old=$((old + 1)) ;; new) new=$((new + 1)) ;; esac
  echo "round $i: killed after ${delay}s: $state"
  i=$((i + 1))
done
echo "$old rounds left the old content, $new the new one"

# a second writer while a load runs: refused (6); a reader is not
"$NG" load -q --store "$STORE" "$TMP/v2.nq" &
pid=$!
sleep 0.2
"$NG" load -q --store "$STORE" "$TMP/v1.nq" 2>"$TMP/err2"
rc=$?
if kill -0 "$pid" 2>/dev/null; then
  if [ $rc -ne 6 ]; then
    echo "FAIL: a second writer got exit $rc, not 6:"
    cat "$TMP/err2"
    fail=1
  else
    echo "a second writer: exit 6 ($(head -n 1 "$TMP/err2"))"
  fi
  "$NG" query -q --store "$STORE" -r tsv "$COUNT_QUERY" >/dev/null ||
    { echo "FAIL: a reader was refused during a load"; fail=1; }
else
  echo "(the load ended before the second writer started: not checked)"
fi
wait "$pid"
# the lock of a killed writer does not stay
"$NG" load -q --store "$STORE" "$TMP/v1.nq" &
pid=$!
sleep 0.2
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
"$NG" load -q --store "$STORE" "$TMP/v1.nq" ||
  { echo "FAIL: a killed writer's lock blocks the next one"; fail=1; }
# leftovers of killed loads are removed by the next writer
left=$(ls "$STORE" | grep -c '^gen-')
[ "$left" -le 2 ] || { echo "FAIL: $left generations left in $STORE"; fail=1; }
exit $fail
