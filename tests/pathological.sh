#!/bin/sh
# pathological.sh - streams through the command-line tool stay flat in
# memory and linear in time:
#   1. one-word articles as JSON Lines (250,000; 1,000,000 with
#      NG_SLOW_TESTS=1)
#   2. a JSON Lines stream of Wikinews articles (unique ids) generated on
#      the fly into a pipe, at two sizes (4 and 16 MB; 125 and 500 MB with
#      NG_SLOW_TESTS=1): the peak RSS of the larger run must stay within
#      16 MB (or 10%) of the smaller one, and its CPU time under 8x (4x
#      the input).
# Nothing is written to disk: the input is a pipe, the output /dev/null
# (N-Triples: raptor's Turtle and RDF/XML writers keep the whole graph in
# memory until the end, so they are not streaming formats).
#
# Needs python3 (the generator) and GNU time (/usr/bin/time) for the
# peak RSS; exits 77 (skip) without them.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
command -v "$py" >/dev/null 2>&1 || { echo "skip: no python3"; exit 77; }
[ -x /usr/bin/time ] || { echo "skip: no /usr/bin/time"; exit 77; }
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
export NEWSGRAPH_DATA_DIR="${NEWSGRAPH_DATA_DIR:-$src/data}"
# under ASan: a small quarantine, or freed memory held for reuse checks
# (256 MB by default) makes the peak grow with the run
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
export ASAN_OPTIONS
wn="$src/tests/data/wikinews/wikinews.jsonl"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

if [ "${NG_SLOW_TESTS:-0}" = 1 ]; then
  words=1000000; small_mb=125; large_mb=500
else
  words=250000; small_mb=4; large_mb=16
fi

# gen MODE N: JSON Lines on stdout; 'oneword N' articles, or 'bytes N'
# of Wikinews articles cycled with unique ids
gen() {
  "$py" - "$1" "$2" "$wn" <<'EOF'
import itertools, json, sys
mode, n, wn = sys.argv[1], int(sys.argv[2]), sys.argv[3]
out = sys.stdout
if mode == "oneword":
    words = ["Iraq", "NATO", "said", "Baghdad", "Monday", "x"]
    for i in range(n):
        out.write('{"id":"w%d","text":"%s"}\n' % (i, words[i % len(words)]))
else:
    recs = [json.loads(l) for l in open(wn, encoding="utf-8")]
    size = 0
    for i in itertools.count():
        r = recs[i % len(recs)]
        line = json.dumps({"id": "%s-%d" % (r["id"], i), "date": r["date"],
                           "text": r["text"]}) + "\n"
        out.write(line)
        size += len(line.encode())
        if size >= n:
            break
EOF
}

# run LABEL MODE N: extract the generated stream; sets cpu (user+sys
# seconds), rss (peak KB), triples
run() {
  gen "$2" "$3" |
    /usr/bin/time -f '%x %U %S %M' -o "$tmp/time" \
      "$ng" extract -q --input-format jsonl -f ntriples - 2>"$tmp/err" |
    wc -l > "$tmp/count"
  rc=$(tail -n 1 "$tmp/time" | awk '{print $1}')
  cpu=$(tail -n 1 "$tmp/time" | awk '{print $2 + $3}')
  rss=$(tail -n 1 "$tmp/time" | awk '{print $4}')
  triples=$(cat "$tmp/count")
  echo "  $1: exit $rc, $cpu s CPU, peak RSS $rss KB, $triples triples"
  [ $rc = 0 ] || { cat "$tmp/err"; return 1; }
}

# 1. many tiny articles
if run "$words one-word articles" oneword "$words"; then
  if [ "$triples" -ge $((words * 10)) ]; then
    ok "$words one-word articles: $cpu s, $rss KB"
  else
    fail "$words one-word articles: only $triples triples"
  fi
else
  fail "$words one-word articles"
fi

# 2. a long stream at two sizes
if run "$small_mb MB of JSON Lines" bytes $((small_mb * 1048576)); then
  cpu_s=$cpu rss_s=$rss
  if run "$large_mb MB of JSON Lines" bytes $((large_mb * 1048576)); then
    growth=$((rss - rss_s))
    # flat: within 16 MB, or 10% under ASan, whose quarantine and
    # allocator caches move the peak by a few percent
    allow=$((rss_s / 10 > 16384 ? rss_s / 10 : 16384))
    ratio=$(awk -v a="$cpu" -v b="$cpu_s" \
      'BEGIN { printf "%.1f", a / (b > 0.01 ? b : 0.01) }')
    if [ "$growth" -lt "$allow" ]; then
      ok "memory flat: $small_mb MB peak $rss_s KB, $large_mb MB peak $rss KB"
    else
      fail "memory grows with the stream: $rss_s KB -> $rss KB"
    fi
    if awk -v r="$ratio" 'BEGIN { exit !(r < 8) }'; then
      ok "time linear: $cpu_s s -> $cpu s (x$ratio for 4x the input)"
    else
      fail "time super-linear: $cpu_s s -> $cpu s (x$ratio)"
    fi
  else
    fail "$large_mb MB stream"
  fi
else
  fail "$small_mb MB stream"
fi

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
