#!/bin/sh
# queries.sh - every bundled query (data/queries/) on a store, answered by
# newsgraph's own SPARQL evaluator and by rasqal (NG_SPARQL_ENGINE=rasqal,
# the path before src/lib/sparql/): the answers must be the same bytes;
# the times (wall clock and CPU, user + system) are the best of 3 runs
# of each.  A benchmark and a check, not
# a test of make check (it needs a store built from a corpus).
#
#   tests/bench/queries.sh STORE [NEWSGRAPH]
#
# Build the Wikinews store with:
#   newsgraph extract -f nquads -o wn.nq tests/data/wikinews/wikinews.jsonl
#   newsgraph load --create --store STORE wn.nq
set -u
STORE=$1
NG=${2:-${NG_BUILDDIR:-.}/src/newsgraph}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

# the parameters of the queries that take some: actors the corpus names
params() {
  case $1 in
  events-of|timeline) echo "--param actor=NATO" ;;
  attacks-by) echo "--param actor=Taliban" ;;
  between-countries) echo "--param a=USA --param b=CHN" ;;
  *) echo "" ;;
  esac
}

best() { # ENGINE NAME: "wall cpu", each the best of 3 runs, in seconds
  bw=""
  bc=""
  for i in 1 2 3; do
    # shellcheck disable=SC2046
    NG_SPARQL_ENGINE=$1 /usr/bin/time -f '%e %U %S' -o "$TMP/time" \
      "$NG" query -q --store "$STORE" -r tsv $(params "$2") "$2" \
      >"$TMP/$1.$2" 2>"$TMP/$1.$2.err" || {
      echo "$2 ($1) failed:" >&2; cat "$TMP/$1.$2.err" >&2; return 1; }
    w=$(awk '{print $1}' "$TMP/time")
    c=$(awk '{print $2 + $3}' "$TMP/time")
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; fi
    if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc)" = 1 ]; then bc=$c; fi
  done
  echo "$bw $bc"
}

fail=0
printf '%-18s %6s %8s %8s %8s %8s\n' query rows wall-old wall-new cpu-old \
  cpu-new
tw_old=0 tw_new=0 tc_old=0 tc_new=0
for q in $("$NG" query --list | awk '/^[a-z]/ {print $1}'); do
  r=$(best rasqal "$q") || { fail=1; continue; }
  o=$(best ours "$q") || { fail=1; continue; }
  rows=$(($(wc -l <"$TMP/ours.$q") - 1))
  same=same
  cmp -s "$TMP/rasqal.$q" "$TMP/ours.$q" || { same=DIFFERENT; fail=1; }
  set -- $r $o
  printf '%-18s %6d %7.2fs %7.2fs %7.2fs %7.2fs %s\n' "$q" "$rows" "$1" \
    "$3" "$2" "$4" "$same"
  tw_old=$(echo "$tw_old + $1" | bc); tc_old=$(echo "$tc_old + $2" | bc)
  tw_new=$(echo "$tw_new + $3" | bc); tc_new=$(echo "$tc_new + $4" | bc)
done
printf '%-18s %6s %7.2fs %7.2fs %7.2fs %7.2fs\n' total "" "$tw_old" \
  "$tw_new" "$tc_old" "$tc_new"
exit $fail
