#!/bin/sh
# store.sh - make bench-store: how fast the embedded store (hashes, Berkeley
# DB) is written, through the batched writer (store_bulk.c) and, in the
# same run, through librdf's own writes (NG_STORE_WRITE_PATH=librdf, the
# path before the batch) as the baseline.  A benchmark, not a test: it
# prints one table and exits 0 whatever the numbers.
#
#   extract --store    the Wikinews corpus repeated COPIES times (ids made
#                      distinct), analysed and stored, -j 1
#   load, new store    ARTICLES generated article graphs
#                      (tests/data/store/gen-nquads.awk, version 1)
#   replace all        version 2 of every graph loaded over version 1
#                      (removal is librdf's in both paths)
#
# Each figure is the best wall time of RUNS; rate = triples / that time,
# and in brackets triples per CPU second (user + system) of that run, the
# steadier figure on a busy machine; RSS = peak resident memory of that
# run (/usr/bin/time -f %M); copy and
# commit = the staged copy made at the start of a write and its commit
# (newsgraph -v -v).  Environment: NEWSGRAPH, NG_SRCDIR, COPIES (7),
# ARTICLES (10200), RUNS (3).
set -u
NG=${NEWSGRAPH:-${NG_BUILDDIR:-.}/src/newsgraph}
SRC=${NG_SRCDIR:-${srcdir:-.}}
COPIES=${COPIES:-7}
ARTICLES=${ARTICLES:-10200}
RUNS=${RUNS:-3}
TIME=/usr/bin/time

[ -x "$NG" ] || { echo "no $NG"; exit 0; }
[ -x "$TIME" ] || TIME=
TMP=$(mktemp -d) || exit 0
trap 'rm -rf "$TMP"' EXIT INT TERM

i=0
while [ "$i" -lt "$COPIES" ]; do
  sed "s/\"id\": *\"\([^\"]*\)\"/\"id\": \"\1-copy$i\"/" \
    "$SRC/tests/data/wikinews/wikinews.jsonl"
  i=$((i + 1))
done >"$TMP/wn.jsonl"
GEN=$SRC/tests/data/store/gen-nquads.awk
awk -v articles="$ARTICLES" -v version=1 -f "$GEN" >"$TMP/v1.nq"
awk -v articles="$ARTICLES" -v version=2 -f "$GEN" >"$TMP/v2.nq"

now() { date +%s%N; }

# one CASE with the write PATH: best of RUNS; prints the table line
bench() {
  case_name=$1 path=$2
  best= best_rss= best_cpu= best_n= best_copy= best_commit=
  r=0
  while [ "$r" -lt "$RUNS" ]; do
    rm -rf "$TMP/st"
    case $case_name in
      replace*) cp -r "$TMP/v1-store-$path" "$TMP/st" ;;
      *) ;;
    esac
    t0=$(now)
    case $case_name in
      extract*)
        set -- extract -v -v --stats --create --store "$TMP/st" \
          "$TMP/wn.jsonl" ;;
      load*) set -- load -v -v --create --store "$TMP/st" "$TMP/v1.nq" ;;
      *) set -- load -v -v --store "$TMP/st" "$TMP/v2.nq" ;;
    esac
    if [ "$path" = librdf ]; then
      export NG_STORE_WRITE_PATH=librdf
    else
      unset NG_STORE_WRITE_PATH
    fi
    if [ -n "$TIME" ]; then
      "$TIME" -f '%M %U %S' -o "$TMP/rss" "$NG" "$@" >/dev/null \
        2>"$TMP/err"
    else
      "$NG" "$@" >/dev/null 2>"$TMP/err"
      echo n/a 0 0 >"$TMP/rss"
    fi
    rc=$?
    t1=$(now)
    unset NG_STORE_WRITE_PATH
    if [ "$rc" -ne 0 ]; then
      echo "$case_name ($path): newsgraph failed:"
      tail -3 "$TMP/err"
      return 0
    fi
    ms=$(( (t1 - t0) / 1000000 ))
    n=$(sed -n 's/.*stats .* triples=\([0-9]*\).*/\1/p;
                s/.*loaded \([0-9]*\) triples.*/\1/p' "$TMP/err" | head -1)
    copy=$(sed -n 's/.*copied generation .* in \([0-9.]*\) s.*/\1/p' \
      "$TMP/err" | tail -1)
    commit=$(sed -n 's/.*committed generation .* in \([0-9.]*\) s.*/\1/p' \
      "$TMP/err" | tail -1)
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then
      best=$ms best_n=$n
      best_rss=$(tail -1 "$TMP/rss" | awk '{ print $1 }')
      best_cpu=$(tail -1 "$TMP/rss" | awk '{ print $2 + $3 }')
      best_copy=$copy best_commit=$commit
    fi
    r=$((r + 1))
  done
  case $case_name in
    load*) rm -rf "$TMP/v1-store-$path"; mv "$TMP/st" "$TMP/v1-store-$path" ;;
    *) rm -rf "$TMP/st" ;;
  esac
  echo "$case_name $path $best $best_n $best_rss ${best_copy:-0} \
${best_commit:-0} $best_cpu" | awk '{
    rss = ($5 == "n/a") ? "n/a" : sprintf("%.0f MB", $5 / 1024)
    cpu = ($8 > 0) ? sprintf("(%.0fk)", $4 / $8 / 1000) : "(n/a)"
    printf "%-11s %-7s %7.2f s %8d %5.0fk/s %7s %7s", $1, $2, $3 / 1000,
           $4, $4 / $3, cpu, rss
    printf "  copy %4.2f s  commit %4.2f s\n", $6, $7 }'
}

echo "store bench: $(nproc 2>/dev/null || echo ?) cores, $(uname -sr)," \
  "best wall time of $RUNS; load average $(cut -d' ' -f1 /proc/loadavg \
  2>/dev/null || echo ?)"
echo "case        path       wall   triples   rate (/CPU s)     RSS"
for c in extract load replace-all; do
  for p in librdf batched; do
    bench "$c" "$p"
  done
done
exit 0
