#!/bin/sh
# valgrind.sh - the unit test binaries, the fuzz targets over their seed
# corpora and a few command-line runs under valgrind: no invalid read or
# write, no use of uninitialised memory, no definite leak.  Errors wholly
# inside raptor, rasqal, librdf and libdb are suppressed by
# tests/valgrind.supp (each entry says why).
#
#   tests/valgrind.sh            (from a normal build: not --enable-sanitizers)
#   make check-valgrind          (the same)
#
# NG_VALGRIND_TESTS="test_text test_timex" picks the unit test binaries
# (default: every tests/test_* binary but test_alloc, whose wrapped
# malloc is its own leak check, and test_pathological, whose timings
# mean nothing under valgrind).  NG_VALGRIND_STORE=0 leaves out the runs
# that load and query a store.  Exits 77 (skip) without valgrind.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
command -v valgrind >/dev/null 2>&1 || { echo "skip: no valgrind"; exit 77; }
if nm "$build/src/newsgraph" 2>/dev/null | grep -q __asan_init ||
   nm "$build/src/.libs/newsgraph" 2>/dev/null | grep -q __asan_init; then
  echo "skip: an ASan build (valgrind needs a normal one)"
  exit 77
fi
export NEWSGRAPH_DATA_DIR="${NEWSGRAPH_DATA_DIR:-$src/data}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
logs="$build/tests/valgrind-logs"
rm -rf "$logs"
mkdir -p "$logs"
vg="valgrind -q --leak-check=full --errors-for-leak-kinds=definite
  --error-exitcode=99 --num-callers=40 --track-origins=no
  --suppressions=$src/tests/valgrind.supp"
# the command-line tool is a libtool wrapper script in the build tree
lt="$build/libtool --mode=execute"
[ -x "$build/libtool" ] || lt=""
fails=0
runs=0

# check NAME CMD...: runs CMD under valgrind; a valgrind error fails
# (exit 99), any other exit status is the command's own business
check() {
  name=$1
  shift
  runs=$((runs + 1))
  # shellcheck disable=SC2086
  $lt $vg --log-file="$logs/$name.%p.log" "$@" > "$tmp/out" 2>&1
  rc=$?
  if [ $rc = 99 ]; then
    echo "FAIL: $name: valgrind errors (logs $logs/$name.*.log)"
    grep -h -m 12 -A 8 \
      'definitely lost in\|Invalid \|uninitialised\|Mismatched' \
      "$logs/$name".*.log | head -40
    fails=$((fails + 1))
  else
    echo "ok: $name (exit $rc)"
    rm -f "$logs/$name".*.log
  fi
}

# 1. unit tests
tests=${NG_VALGRIND_TESTS:-}
if [ -z "$tests" ]; then
  for t in "$build"/tests/test_*; do
    b=$(basename "$t")
    case "$b" in
      *.*|test_alloc|test_pathological) continue ;;
    esac
    # programs only (not the shell tests named test_*.sh)
    [ -x "$t" ] && [ "$(head -c 4 "$t" | od -An -c | tr -d ' ')" = '177ELF' ] &&
      tests="$tests $b"
  done
fi
for t in $tests; do
  check "$t" "$build/tests/$t"
done

# 2. the fuzz targets over their seeds and crash regressions
for t in extract rdf jsonl timex actors dict; do
  bin="$build/tests/fuzz/fuzz_$t"
  [ -x "$bin" ] || continue
  dirs="$src/tests/fuzz/corpus/$t"
  [ -d "$src/tests/data/regress/$t" ] && dirs="$dirs $src/tests/data/regress/$t"
  # shellcheck disable=SC2086
  check "fuzz_$t" "$bin" $dirs
done

# 3. the command-line tool
ng="$build/src/newsgraph"
seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"
for f in turtle ntriples nquads rdfxml; do
  check "extract-$f" "$ng" extract -q -f "$f" -o "$tmp/seed.$f" "$seed"
done
printf 'Valid start \377\376 then junk.\n' > "$tmp/bad.txt"
check "extract-bad-utf8" "$ng" extract -q -o "$tmp/bad.ttl" "$tmp/bad.txt"
printf '{"id":"a","text":"Iraq met Iran."}\n{not json\n{"id":"b"}\n' \
  > "$tmp/mixed.jsonl"
check "extract-bad-jsonl" "$ng" extract -q -o "$tmp/mixed.ttl" \
  "$tmp/mixed.jsonl"
printf 'last Thursday\nin 2023\nno time here\n' > "$tmp/timex.txt"
check "timex" "$ng" timex --date 2024-06-27 "$tmp/timex.txt"
check "actors-lookup" "$ng" actors lookup "Prime Minister Al-Sudani"
if [ "${NG_VALGRIND_STORE:-1}" != 0 ]; then
  check "load" "$ng" load --store "$tmp/store" --create "$tmp/seed.nquads"
  check "query-bundled" "$ng" query --store "$tmp/store" who-did-what
  check "query-param" "$ng" query --store "$tmp/store" \
    --param 'actor=x" } UNION { ?s ?p ?o } #' events-of
  check "query-sparql" "$ng" query --store "$tmp/store" \
    'SELECT ?s WHERE { ?s a <https://w3id.org/newsgraph/ns#Event> } LIMIT 3'
fi

[ $fails = 0 ] && rmdir "$logs" 2>/dev/null
echo "$runs runs under valgrind, $fails with errors"
[ $fails = 0 ]
