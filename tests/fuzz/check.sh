#!/bin/sh
# check.sh - runs every fuzz target once over its seed corpus
# (tests/fuzz/corpus/TARGET) and its crash regressions
# (tests/data/regress/TARGET): part of `make check`.
#
# Built without --enable-fuzzing the targets have a main() that runs each
# file named; built with it they are libFuzzer binaries, and -runs=0 makes
# them run the inputs once and stop.  Either way a crash, a sanitizer
# report or a broken invariant (fuzz.h) fails the test.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${NG_BUILDDIR:-$src}
fails=0
for t in extract rdf jsonl timex actors dict; do
  bin="$build/tests/fuzz/fuzz_$t"
  if [ ! -x "$bin" ]; then
    echo "FAIL: no $bin"
    fails=$((fails + 1))
    continue
  fi
  dirs="$src/tests/fuzz/corpus/$t"
  [ -d "$src/tests/data/regress/$t" ] && dirs="$dirs $src/tests/data/regress/$t"
  # shellcheck disable=SC2086
  if "$bin" -runs=0 $dirs > "fuzz-$t.log" 2>&1; then
    echo "ok: fuzz_$t: $(tail -n 1 "fuzz-$t.log")"
    rm -f "fuzz-$t.log"
  else
    echo "FAIL: fuzz_$t (see fuzz-$t.log):"
    tail -n 20 "fuzz-$t.log"
    fails=$((fails + 1))
  fi
done
[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
