#!/bin/sh
# bench.sh - load rate and query times, the embedded hashes store against
# Virtuoso, on the same generated data (tests/data/store/gen-nquads.awk),
# in the same run.  Not part of `make check` (minutes, gigabytes).  Run it
# under tests/virtuoso-ci.sh, which starts a private Virtuoso:
#
#   tests/virtuoso-ci.sh sh tests/data/virtuoso/bench.sh
#
# Environment: ARTICLES (default 10200: ~1M quads), BENCH_NQ (an N-Quads
# file made by newsgraph extract, used instead of the generated data: the
# bundled queries then get parameters from its most active actor),
# NEWSGRAPH, NG_SRCDIR, NG_VIRTUOSO (set by virtuoso-ci.sh), BENCH_DIR
# (default a temporary directory; the embedded store needs ~1.5 GB per 1M
# quads).
set -u
NG=${NEWSGRAPH:-${NG_BUILDDIR:-.}/src/newsgraph}
SRC=${NG_SRCDIR:-${srcdir:-.}}
ARTICLES=${ARTICLES:-10200}
V=${NG_VIRTUOSO:?run under tests/virtuoso-ci.sh}
TMP=${BENCH_DIR:-$(mktemp -d)}
EMB=$TMP/emb
GEN=$SRC/tests/data/store/gen-nquads.awk
mkdir -p "$TMP"
[ -z "${BENCH_DIR:-}" ] && trap 'rm -rf "$TMP"' EXIT INT TERM

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }

if [ -n "${BENCH_NQ:-}" ]; then
  cp "$BENCH_NQ" "$TMP/v1.nq" && cp "$BENCH_NQ" "$TMP/v2.nq" || exit 1
  head -n 1000 "$BENCH_NQ" >"$TMP/ten.nq"
  ARTICLES=$(awk '{ print $(NF - 1) }' "$BENCH_NQ" | sort -u | wc -l)
else
  awk -v articles="$ARTICLES" -v version=1 -f "$GEN" >"$TMP/v1.nq"
  awk -v articles="$ARTICLES" -v version=2 -f "$GEN" >"$TMP/v2.nq"
  awk -v articles=10 -v version=1 -f "$GEN" >"$TMP/ten.nq"
fi
Q1=$(wc -l <"$TMP/v1.nq")
Q2=$(wc -l <"$TMP/v2.nq")
echo "data: $ARTICLES article graphs, $Q1 quads (version 1), $Q2 (version 2)"

load() { # NAME STORE FILE QUADS [--create]
  t=$(now)
  "$NG" load -q ${5:-} --store "$2" "$3" || { echo "$1: load failed"; exit 1; }
  s=$(since "$t")
  echo "$s $4" | awk -v n="$1" '{ printf "%-34s %8.2f s  %8.0f quads/s\n", n, $1, $2 / $1 }'
}
echo "== loads"
load "embedded: load v1 into a new store" "$EMB" "$TMP/v1.nq" "$Q1" --create
load "virtuoso: load v1" "$V" "$TMP/v1.nq" "$Q1"
load "embedded: replace all by v2" "$EMB" "$TMP/v2.nq" "$Q2"
load "virtuoso: replace all by v2" "$V" "$TMP/v2.nq" "$Q2"
load "embedded: replace a few articles" "$EMB" "$TMP/ten.nq" "$(wc -l <"$TMP/ten.nq")"
load "virtuoso: replace a few articles" "$V" "$TMP/ten.nq" "$(wc -l <"$TMP/ten.nq")"

echo "== queries (wall time of newsgraph query -r tsv; best of 3)"
query() { # NAME ARGS...: times on both stores, and whether the rows agree
  name=$1
  shift
  for store in "$EMB" "$V"; do
    best=
    for i in 1 2 3; do
      t=$(now)
      "$NG" query -q --store "$store" -r tsv "$@" >"$TMP/out.$i" || echo "query failed"
      s=$(since "$t")
      best=$(echo "$s ${best:-$s}" | awk '{ print ($1 < $2) ? $1 : $2 }')
    done
    if [ "$store" = "$EMB" ]; then
      e=$best
      cp "$TMP/out.1" "$TMP/e.tsv"
    else
      v=$best
      cp "$TMP/out.1" "$TMP/v.tsv"
    fi
  done
  rows=$(($(wc -l <"$TMP/e.tsv") - 1))
  if cmp -s "$TMP/e.tsv" "$TMP/v.tsv"; then same="same rows, same order"
  elif [ "$(tail -n +2 "$TMP/e.tsv" | LC_ALL=C sort | md5sum)" = \
         "$(tail -n +2 "$TMP/v.tsv" | LC_ALL=C sort | md5sum)" ]; then
    same="same rows, other order"
  else same="ROWS DIFFER"; fi
  printf '%-28s embedded %9.3f s  virtuoso %8.3f s  %7d rows  %s\n' \
    "$name" "$e" "$v" "$rows" "$same"
}
NG_NS=https://w3id.org/newsgraph/ns#
ACTOR=id:actor/x62
if [ -n "${BENCH_NQ:-}" ]; then
  ACTOR=$("$NG" query -q --store "$EMB" -r tsv most-active | sed -n 2p \
    | cut -f1 | sed 's/^<\(.*\)>$/\1/')
  echo "actor for the queries with a parameter: $ACTOR"
fi
query "one pattern (cameo 042)" "SELECT ?e WHERE { ?e <${NG_NS}cameo> \"042\" }"
query "count per graph" 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/newsgraph/id/")) } GROUP BY ?g'
for q in "$SRC"/data/queries/*.rq; do
  name=$(basename "$q" .rq)
  if grep -q '^# param: actor ' "$q"; then
    query "$name" --param "actor=$ACTOR" "$name"
  elif grep -q '^# param: a ' "$q"; then
    query "$name" --param a=IRQ --param b=USA "$name"
  else
    query "$name" "$name"
  fi
done
