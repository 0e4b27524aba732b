#!/bin/sh
# cli_stream.sh - extract as a stream: -j N gives the bytes -j 1 gives;
# no progress line when standard error is a file (cli_tty.sh checks
# the terminal side), or when asked for;
# --stats counts what was written; output comes out while the input is
# still open.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
NEWSGRAPH_NO_USER_ACTORS=1
export NEWSGRAPH_NO_USER_ACTORS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

wn="$src/tests/data/wikinews/wikinews.jsonl"
seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"

# -j 4 and -j 2 against -j 1, on all of Wikinews (the seed article first,
# so a text file and JSON Lines mix)
"$ng" extract -f nt --no-progress "$wn" > "$tmp/j1.nt" 2> "$tmp/j1.err" ||
  fail "extract -j 1 exited $?"
"$ng" extract -f nt -j 4 "$wn" > "$tmp/j4.nt" 2> "$tmp/j4.err" ||
  fail "extract -j 4 exited $?"
if cmp -s "$tmp/j1.nt" "$tmp/j4.nt" && [ -s "$tmp/j1.nt" ]; then
  ok "-j 4 N-Triples == -j 1 ($(wc -l < "$tmp/j1.nt") lines)"
else
  fail "-j 4 N-Triples differ from -j 1"
fi
"$ng" extract -f nq -j 1 "$seed" "$wn" > "$tmp/q1.nq" 2>/dev/null
"$ng" extract -f nq -j 2 "$seed" "$wn" > "$tmp/q2.nq" 2>/dev/null
cmp -s "$tmp/q1.nq" "$tmp/q2.nq" && [ -s "$tmp/q1.nq" ] &&
  ok "-j 2 N-Quads == -j 1" || fail "-j 2 N-Quads differ from -j 1"
"$ng" extract -f turtle -j 1 "$seed" > "$tmp/t1.ttl" 2>/dev/null
"$ng" extract -f turtle -j 3 "$seed" > "$tmp/t3.ttl" 2>/dev/null
cmp -s "$tmp/t1.ttl" "$tmp/t3.ttl" && [ -s "$tmp/t1.ttl" ] &&
  ok "-j 3 Turtle == -j 1" || fail "-j 3 Turtle differs from -j 1"

# a bad record in the middle: skipped alike, exit 1 alike
{ head -n 3 "$wn"; echo '{broken'; sed -n 4,9p "$wn"; } > "$tmp/bad.jsonl"
"$ng" extract -f nt -j 1 "$tmp/bad.jsonl" > "$tmp/b1.nt" 2> "$tmp/b1.err"
r1=$?
"$ng" extract -f nt -j 4 "$tmp/bad.jsonl" > "$tmp/b4.nt" 2> "$tmp/b4.err"
r4=$?
[ "$r1" = 1 ] && [ "$r4" = 1 ] && cmp -s "$tmp/b1.nt" "$tmp/b4.nt" &&
  grep -q 'line 4' "$tmp/b4.err" &&
  ok "a bad record: skipped, exit 1, with -j 4 too" ||
  fail "a bad record: exit $r1/$r4, outputs or messages differ"

for n in 0 x 257; do
  "$ng" extract -j "$n" "$seed" > /dev/null 2>&1
  [ $? = 3 ] && ok "-j $n refused (exit 3)" || fail "-j $n not refused"
done

# progress: never when standard error is not a terminal, unless asked
if grep -q 'articles/s' "$tmp/j4.err"; then
  fail "a progress line went to a file"
else
  ok "no progress line when standard error is not a terminal"
fi
"$ng" extract -f nt --progress "$wn" > /dev/null 2> "$tmp/p.err"
grep -q '295 articles, [0-9]* articles/s, 100%' "$tmp/p.err" &&
  ok "--progress: articles, articles/s, percent" ||
  fail "--progress line missing: $(tr '\r' '\n' < "$tmp/p.err" | tail -1)"
# on a terminal: tests/cli_tty.sh (it skips where no terminal can be had)

# --stats: one line, the triples it counts are the lines written
"$ng" extract -f nt --stats "$wn" > "$tmp/s.nt" 2> "$tmp/s.err"
line=$(grep '^stats ' "$tmp/s.err")
triples=$(echo "$line" | sed -n 's/.* triples=\([0-9]*\) .*/\1/p')
words=$(echo "$line" | sed -n 's/.* words=\([0-9]*\) .*/\1/p')
sents=$(echo "$line" | sed -n 's/.* sentences=\([0-9]*\) .*/\1/p')
[ -n "$triples" ] && [ "$triples" = "$(wc -l < "$tmp/s.nt" | tr -d ' ')" ] &&
  [ "${words:-0}" -gt 200000 ] && [ "${sents:-0}" -gt 10000 ] &&
  echo "$line" | grep -q 'articles=295 skipped=0 .*load_s=.* vmhwm_kb=' &&
  ok "--stats: $line" || fail "--stats line: $line"
"$ng" extract --help | grep -q -- '--jobs N' &&
  "$ng" extract --help | grep -q -- '--stats' &&
  "$ng" extract --help | grep -q -- '--progress' &&
  ok "--help documents -j, --stats and --progress" ||
  fail "--help lacks -j, --stats or --progress"

# a stream: the first article's triples come out while the input is
# still open (into the temporary beside -o FILE, renamed at the end)
if command -v timeout > /dev/null 2>&1 && command -v mkfifo > /dev/null; then
  mkfifo "$tmp/in"
  timeout 60 "$ng" extract -f nt --input-format jsonl -o "$tmp/stream.nt" \
    < "$tmp/in" 2>/dev/null &
  pid=$!
  exec 3> "$tmp/in"
  head -n 1 "$wn" >&3
  seen=no
  for i in $(seq 1 100); do
    if cat "$tmp"/stream.nt.tmp-* 2>/dev/null | grep -q 'article/wn-000>'; then
      seen=yes
      break
    fi
    sleep 0.1
  done
  sed -n 2p "$wn" >&3
  exec 3>&-
  wait $pid
  [ $seen = yes ] && grep -q 'article/wn-001>' "$tmp/stream.nt" &&
    ok "output streams: article 1 out before the input ends" ||
    fail "no output before the end of the input"
else
  echo "skip: no timeout or mkfifo for the stream test"
fi

# timex reads its lines as one text: an expression that points back
# takes the last date of an earlier line; --independent reads each alone
printf 'June 3\nthe next day\nnow\nthat week\n' > "$tmp/tx.txt"
got=$("$ng" timex --date 2022-08-10 "$tmp/tx.txt" | tr '\n' ' ')
[ "$got" = "2022-06-03 2022-06-04 PRESENT_REF 2022-W22 " ] &&
  ok "timex: later lines anchor on earlier dates" ||
  fail "timex in one text: got '$got'"
got=$("$ng" timex --independent --date 2022-08-10 "$tmp/tx.txt" |
  tr '\n' ' ')
[ "$got" = "2022-06-03 2022-08-11 PRESENT_REF 2022-W32 " ] &&
  ok "timex --independent: each line against the date" ||
  fail "timex --independent: got '$got'"

# a verb pattern whose verb has no forms would never match: the
# dictionaries are refused (exit 4) with the file, line and verb
mkdir "$tmp/data"
cp -R "$src/data/." "$tmp/data/"
chmod -R u+w "$tmp/data"
printf '163\tout-sanction\t* +\tX out-sanctioned Y\n' >> "$tmp/data/events/core.tsv"
NEWSGRAPH_DATA_DIR="$tmp/data" "$ng" extract -f nt "$seed" \
  > /dev/null 2> "$tmp/dict.err"
r=$?
[ $r = 4 ] && grep -q "core.tsv.*verb 'out-sanction' has no forms" "$tmp/dict.err" &&
  ok "a verb without forms is refused (exit 4)" ||
  fail "a verb without forms: exit $r, $(head -c 300 "$tmp/dict.err")"

[ $fails = 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
