#!/bin/sh
# run.sh SECONDS [TARGET...] - fuzzes each target for SECONDS seconds
# (default 60; all six targets when none is named), one after another.
#
# Needs a build configured with --enable-fuzzing (clang):
#   ./configure CC=clang --enable-fuzzing && make
#   tests/fuzz/run.sh 60        (or: make fuzz-smoke FUZZ_SECONDS=60)
# New coverage goes to tests/fuzz/found/TARGET (not committed; copy the
# interesting finds into corpus/ by hand), crashes to
# tests/fuzz/crashes/TARGET-crash-HASH.  Exits 1 when a target crashed,
# with the input to turn into a regression (tests/fuzz/README.md).
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${NG_BUILDDIR:-$src}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-extract rdf jsonl timex actors dict}
found="$build/tests/fuzz/found"
crashes="$build/tests/fuzz/crashes"
mkdir -p "$crashes"
export NEWSGRAPH_DATA_DIR="${NEWSGRAPH_DATA_DIR:-$src/data}"
# the dictionary targets copy data/ into TMPDIR; a crash leaves its copy
TMPDIR="$build/tests/fuzz/tmp"
export TMPDIR
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
fails=0
for t in $targets; do
  bin="$build/tests/fuzz/fuzz_$t"
  if [ ! -x "$bin" ] || ! "$bin" -help=1 2>&1 | grep -q max_total_time; then
    echo "run.sh: $bin is not a libFuzzer binary: configure with" \
      "CC=clang --enable-fuzzing" >&2
    exit 2
  fi
  mkdir -p "$found/$t"
  dirs="$found/$t $src/tests/fuzz/corpus/$t"
  [ -d "$src/tests/data/regress/$t" ] && dirs="$dirs $src/tests/data/regress/$t"
  log="$build/tests/fuzz/fuzz-$t.log"
  # -timeout: an input that takes 25 s is a hang (the pipeline is linear);
  # -rss_limit_mb: ASan's quarantine needs room over the 2 GB default
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=3000 \
    -print_final_stats=1 -artifact_prefix="$crashes/$t-" $dirs \
    > "$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if [ $rc = 0 ]; then
    echo "ok: fuzz_$t: ${runs:-?} runs in ${secs} s (${speed:-?}/s)"
  else
    echo "FAIL: fuzz_$t after ${runs:-?} runs (exit $rc), log $log:"
    grep -m 3 'ERROR\|invariant\|SUMMARY' "$log"
    ls "$crashes/$t-"* 2>/dev/null
    fails=$((fails + 1))
  fi
done
[ $fails = 0 ] && rm -rf "$TMPDIR"
[ $fails = 0 ]
