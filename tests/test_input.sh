#!/bin/sh
# test_input.sh - issue 17: JSON Lines recognised by content whatever the
# file's name (--input-format auto, the default): a .json file of JSON
# Lines gives the same graph and the same event table as the .jsonl
# file, with a note on stderr (none with -q); JSON Lines piped on
# standard input too; a text that opens with a brace stays one article;
# a .jsonl file of plain text is read as text, with a note; the
# --input-format words still decide.  Data: the 295 Wikinews articles.
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

wiki="$src/tests/data/wikinews/wikinews.jsonl"
cp "$wiki" "$tmp/wikinews.json"
cp "$wiki" "$tmp/wikinews.txt"

"$ng" extract -q -f ntriples -o "$tmp/jsonl.nt" "$wiki" || fail "extract"
"$ng" extract -f ntriples -o "$tmp/json.nt" "$tmp/wikinews.json" \
  2>"$tmp/err" || fail "extract .json"
if cmp -s "$tmp/jsonl.nt" "$tmp/json.nt"; then
  ok "a .json file of JSON Lines = the .jsonl file ($(grep -c . "$tmp/json.nt") triples)"
else
  fail "a .json file of JSON Lines gives another graph"
fi
grep -q "note: .*wikinews.json holds JSON Lines" "$tmp/err" &&
  ok "a note says the .json file is read as JSON Lines" ||
  fail "no note: $(cat "$tmp/err")"
"$ng" extract -q -f ntriples -o "$tmp/txt.nt" "$tmp/wikinews.txt" 2>"$tmp/err"
cmp -s "$tmp/jsonl.nt" "$tmp/txt.nt" && [ ! -s "$tmp/err" ] &&
  ok "a .txt file of JSON Lines too, and -q keeps the note back" ||
  fail ".txt of JSON Lines"

"$ng" export -q --events csv -o "$tmp/jsonl.csv" "$wiki" &&
  "$ng" export -q --events csv -o "$tmp/json.csv" "$tmp/wikinews.json" &&
  cmp -s "$tmp/jsonl.csv" "$tmp/json.csv" &&
  ok "export: the same table from the .json file" || fail "export .json"

"$ng" extract -q -f ntriples < "$wiki" > "$tmp/stdin.nt" &&
  cmp -s "$tmp/jsonl.nt" "$tmp/stdin.nt" &&
  ok "JSON Lines on standard input (a redirected file)" || fail "stdin file"
cat "$wiki" | "$ng" extract -q -f ntriples > "$tmp/pipe.nt" &&
  cmp -s "$tmp/jsonl.nt" "$tmp/pipe.nt" &&
  ok "JSON Lines through a pipe" || fail "pipe"

# the words still decide: read as text, the .json file is one article
"$ng" extract -q -f ntriples --input-format text -o "$tmp/one.nt" \
  "$tmp/wikinews.json"
n=$(grep -c '/ns#Article>' "$tmp/one.nt")
[ "$n" = 1 ] && ok "--input-format text: one article" || fail "text: $n"

# a text that opens with a brace is no JSON Lines
printf '{Update} Kenyan troops attacked Somali militants on Friday.\n' \
  > "$tmp/brace.txt"
"$ng" extract -f ntriples --date 2020-05-01 -o "$tmp/brace.nt" \
  "$tmp/brace.txt" 2>"$tmp/err"
grep -q '/ns#Event>' "$tmp/brace.nt" && [ ! -s "$tmp/err" ] &&
  ok "a text opening with a brace: one article, no note" ||
  fail "brace text: $(cat "$tmp/err")"
# a .jsonl file of plain text: text, with a note
cp "$tmp/brace.txt" "$tmp/plain.jsonl"
"$ng" extract -f ntriples --date 2020-05-01 -o "$tmp/plain.nt" \
  "$tmp/plain.jsonl" 2>"$tmp/err"
grep -q '/ns#Event>' "$tmp/plain.nt" &&
  grep -q 'plain.jsonl holds no JSON Lines' "$tmp/err" &&
  ok "a .jsonl file of text: read as text, with a note" ||
  fail ".jsonl of text: $(cat "$tmp/err")"
"$ng" extract -q --input-format xml "$tmp/brace.txt" >/dev/null 2>&1
[ $? -eq 3 ] && ok "--input-format xml: usage error" || fail "xml"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
