#!/bin/sh
# cli_rdf.sh - every RDF format newsgraph writes parses with rapper and
# loads into rdflib with the same triple count; the same input gives the
# same bytes; hostile and broken input gives a clear error or a safe
# result, never a crash or invalid RDF; every nif:anchorOf equals the
# article text between its offsets (all 295 Wikinews articles).
#
# Needs rapper (raptor2-utils) and python3 with rdflib; exits 77 (skip)
# without them.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
py=/usr/bin/python3
command -v rapper >/dev/null 2>&1 || { echo "skip: no rapper"; exit 77; }
$py -c 'import rdflib' 2>/dev/null || { echo "skip: no rdflib"; exit 77; }
[ -x "$ng" ] || { echo "no $ng"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"

# Counts triples (or quads) with rapper; prints the number.
rcount() { # file syntax
  rapper -c -i "$2" "$1" 2>&1 | sed -n 's/.*returned \([0-9]*\) .*/\1/p'
}
# Counts with rdflib (a Dataset for N-Quads, so graphs stay apart).
pcount() { # file format
  $py - "$1" "$2" <<'EOF'
import sys, rdflib
path, fmt = sys.argv[1], sys.argv[2]
if fmt == "nquads":
    g = rdflib.Dataset()
    g.parse(path, format="nquads")
    print(sum(1 for _ in g.quads((None, None, None, None))))
else:
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    print(len(g))
EOF
}

# 1. each format, parsed by two implementations, same count
for f in turtle:turtle:turtle ntriples:ntriples:nt nquads:nquads:nquads \
         rdfxml:rdfxml:xml; do
  fmt=${f%%:*}; rest=${f#*:}; rsyn=${rest%%:*}; pfmt=${rest#*:}
  out="$tmp/seed.$fmt"
  if ! "$ng" extract -q --format "$fmt" -o "$out" "$seed"; then
    fail "extract --format $fmt"; continue
  fi
  r=$(rcount "$out" "$rsyn"); p=$(pcount "$out" "$pfmt")
  if [ -n "$r" ] && [ "$r" -gt 100 ] && [ "$r" = "$p" ]; then
    ok "$fmt: rapper $r = rdflib $p"
  else
    fail "$fmt: rapper '$r' vs rdflib '$p'"
  fi
done

# 2. byte-identical on a second run (no timestamps, stable IRIs)
"$ng" extract -q --format turtle -o "$tmp/again.turtle" "$seed"
if cmp -s "$tmp/seed.turtle" "$tmp/again.turtle"; then
  ok "same input, same bytes"
else
  fail "two runs differ"
fi

# 3. broken and hostile input
printf 'Valid start \377\376 then junk.\n' > "$tmp/bad-utf8.txt"
"$ng" extract -q -o "$tmp/bad.ttl" "$tmp/bad-utf8.txt" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "UTF-8" "$tmp/err" && rapper -q -c -i turtle "$tmp/bad.ttl" 2>/dev/null; then
  ok "invalid UTF-8: exit 1, message, valid (empty) output"
else
  fail "invalid UTF-8: exit $rc: $(cat "$tmp/err")"
fi

: > "$tmp/empty.txt"
if "$ng" extract -q -o "$tmp/empty.ttl" "$tmp/empty.txt" &&
   rapper -q -c -i turtle "$tmp/empty.ttl" 2>/dev/null; then
  ok "empty article: a valid graph"
else
  fail "empty article"
fi

head -c 65536 /dev/urandom > "$tmp/binary.bin" 2>/dev/null ||
  dd if=/dev/urandom of="$tmp/binary.bin" bs=1024 count=64 2>/dev/null
"$ng" extract -q -o "$tmp/bin.ttl" "$tmp/binary.bin" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && rapper -q -c -i turtle "$tmp/bin.ttl" 2>/dev/null; then
  ok "binary input: exit 1, valid output"
else
  fail "binary input: exit $rc"
fi

# a 5 MB line without a full stop: a safe, bounded result
$py -c '
import sys
w = ["Ministers", "of", "Iraq", "and", "Turkey", "met", "officials", "in", "Baghdad"]
out = []
n = 0
while n < 5 * 1024 * 1024:
    x = w[len(out) % len(w)]
    out.append(x); n += len(x) + 1
sys.stdout.write(" ".join(out))
' > "$tmp/long.txt"
# (names in every other word: over the mention limit is a clear error)
timeout 120 "$ng" extract -q --format ntriples -o "$tmp/long.nt" "$tmp/long.txt" 2>"$tmp/err"
rc=$?
if { [ $rc = 0 ] || { [ $rc = 1 ] && grep -q "limit" "$tmp/err"; }; } &&
   rapper -q -c -i ntriples "$tmp/long.nt" 2>/dev/null; then
  ok "5 MB line without a full stop: exit $rc, $(rcount "$tmp/long.nt" ntriples) triples, $(head -c 100 "$tmp/err")"
else
  fail "5 MB line: exit $rc $(head -c 300 "$tmp/err")"
fi
# and plain prose of 5 MB without a full stop: a safe, complete result
$py -c '
import sys
w = "the ministers of the region met the officials and talked about trade".split()
out = []
n = 0
while n < 5 * 1024 * 1024:
    x = w[len(out) % len(w)]
    out.append(x); n += len(x) + 1
sys.stdout.write(" ".join(out))
' > "$tmp/prose.txt"
if timeout 120 "$ng" extract -q --format ntriples -o "$tmp/prose.nt" "$tmp/prose.txt" &&
   rapper -q -c -i ntriples "$tmp/prose.nt" 2>/dev/null; then
  ok "5 MB of prose without a full stop: $(rcount "$tmp/prose.nt" ntriples) triples"
else
  fail "5 MB of prose"
fi

# names and ids that would break an IRI or a literal
$py - > "$tmp/hostile.jsonl" <<'EOF'
import json
bad = '<>"{}|\\^`\u202e \n\t\x01 \u200f'
recs = [
  {"id": "id " + bad, "date": "2024-01-02", "title": "T " + bad, "url": "http://x/" + bad,
   "source": bad, "text": "Prime Minister Jo\"hn <Smith> met President " + bad + "Kim in Oslo."},
  {"id": "x" * 10000, "text": "The \"" + "A" * 10000 + "\" Brigades attacked Iraqi forces."},
  {"id": "caps", "text": " ".join(["Capital"] * 20000) + "."},
  {"id": "quotes", "text": "\"" * 10000 + "(" * 10000 + "Iraq" + ")" * 10000},
]
for r in recs:
    print(json.dumps(r))
EOF
for fmt in ntriples:ntriples:nt nquads:nquads:nquads turtle:turtle:turtle; do
  f=${fmt%%:*}; rest=${fmt#*:}; rsyn=${rest%%:*}; pfmt=${rest#*:}
  if timeout 120 "$ng" extract -q --format "$f" -o "$tmp/hostile.$f" "$tmp/hostile.jsonl"; then
    r=$(rcount "$tmp/hostile.$f" "$rsyn"); p=$(pcount "$tmp/hostile.$f" "$pfmt")
    if [ -n "$r" ] && [ "$r" = "$p" ]; then
      ok "hostile names, $f: rapper $r = rdflib $p"
    else
      fail "hostile names, $f: rapper '$r' vs rdflib '$p'"
    fi
  else
    fail "hostile names, $f: extract failed"
  fi
done

# 4. all of Wikinews: no error, valid N-Quads, every anchor equals the
# text between its offsets
wn="$src/tests/data/wikinews/wikinews.jsonl"
if "$ng" extract -q --format nquads -o "$tmp/wn.nq" "$wn"; then
  r=$(rcount "$tmp/wn.nq" nquads)
  if $py - "$tmp/wn.nq" "$wn" <<'EOF'
import json, sys, rdflib
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
texts = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    texts[r["id"]] = r["text"]
ds = rdflib.Dataset()
ds.parse(sys.argv[1], format="nquads")
g = rdflib.Graph()
for s, p, o, _ in ds.quads((None, None, None, None)):
    g.add((s, p, o))
doc_text = {}
for doc, ident in g.subject_objects(DCT.identifier):
    doc_text[doc] = texts[str(ident)]
n = bad = 0
for m, anchor in g.subject_objects(NIF.anchorOf):
    doc = g.value(m, NIF.referenceContext)
    b = int(g.value(m, NIF.beginIndex)); e = int(g.value(m, NIF.endIndex))
    n += 1
    if doc_text[doc][b:e] != str(anchor):
        bad += 1
        if bad < 5:
            print("mismatch", m, repr(doc_text[doc][b:e]), repr(str(anchor)))
print("articles", len(doc_text), "anchors", n, "mismatches", bad)
sys.exit(0 if len(doc_text) == len(texts) and n > 1000 and bad == 0 else 1)
EOF
  then
    ok "Wikinews: $r quads, every anchor matches its offsets"
  else
    fail "Wikinews anchors"
  fi
else
  fail "Wikinews extract"
fi

[ $fails = 0 ] && echo "all passed" || echo "$fails failed"
[ $fails = 0 ]
