#!/bin/sh
# test_export.sh - newsgraph export: the events of the reference article
# and of the 295 Wikinews articles load in python3's csv module (strict
# RFC 4180) with one row per ng:Event of the N-Triples output and the
# same event IRIs; TSV has the same rows; the edge list's weights add up
# to the source-target pairs of the events (counted with rdflib); a store
# gives the same tables as the articles.
#
# Needs python3 with rdflib; exits 77 (skip) without them.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
py=/usr/bin/python3
$py -c 'import rdflib' 2>/dev/null || { echo "skip: no rdflib"; exit 77; }
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
NEWSGRAPH_NO_USER_ACTORS=1
export NEWSGRAPH_NO_USER_ACTORS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"
wiki="$src/tests/data/wikinews/wikinews.jsonl"

# Checks that the CSV (or TSV) table has one row per ng:Event of the
# N-Triples file, with the same IRIs, and that every row is complete.
check_events() { # table nt tsv
  $py - "$1" "$2" "$3" <<'EOF'
import csv, sys, rdflib
path, nt, tsv = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
NG = rdflib.Namespace("https://w3id.org/newsgraph/ns#")
g = rdflib.Graph()
g.parse(nt, format="nt")
events = {str(e) for e in g.subjects(rdflib.RDF.type, NG.Event)}
with open(path, newline="", encoding="utf-8") as f:
    if tsv:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE,
                               strict=True))
    else:
        raw = open(path, "rb").read()
        assert raw.count(b"\n") == raw.count(b"\r\n"), "bare LF"
        rows = list(csv.reader(f, strict=True))
head, body = rows[0], rows[1:]
assert head[:3] == ["event_id", "date", "source_name"], head
assert all(len(r) == len(head) for r in body), "ragged rows"
ids = [r[0] for r in body]
assert len(ids) == len(set(ids)), "an event twice"
assert set(ids) == events, (len(ids), len(events))
col = {name: i for i, name in enumerate(head)}
for r in body:
    e = rdflib.URIRef(r[0])
    assert r[col["cameo"]] == str(g.value(e, NG.cameo)), r
    d = g.value(e, NG.date)
    assert r[col["date"]] == (str(d) if d is not None else ""), r
    assert r[col["evidence"]], r
print(len(body), "rows =", len(events), "ng:Event")
EOF
}

# 1. the reference article, CSV and TSV
"$ng" extract -q -f ntriples -o "$tmp/seed.nt" "$seed" || fail "extract"
if "$ng" export -q --events csv -o "$tmp/seed.csv" "$seed" &&
   check_events "$tmp/seed.csv" "$tmp/seed.nt" 0; then
  ok "export --events csv: one row per event"
else
  fail "export --events csv (reference article)"
fi
if "$ng" export -q --events tsv -o "$tmp/seed.tsv" "$seed" &&
   check_events "$tmp/seed.tsv" "$tmp/seed.nt" 1; then
  ok "export --events tsv: one row per event"
else
  fail "export --events tsv"
fi

# 2. 295 Wikinews articles: quotes, commas and line breaks in sentences
"$ng" extract -q -f ntriples -o "$tmp/wiki.nt" "$wiki" || fail "extract wiki"
if "$ng" export -q --events=csv -o "$tmp/wiki.csv" "$wiki" &&
   check_events "$tmp/wiki.csv" "$tmp/wiki.nt" 0; then
  ok "export --events csv of 295 articles"
else
  fail "export --events csv (Wikinews)"
fi

# 3. edges: the weights add up to the source-target pairs of the events
if "$ng" export -q --edges -o "$tmp/edges.csv" "$wiki"; then
  if $py - "$tmp/edges.csv" "$tmp/wiki.nt" <<'EOF'
import csv, sys, rdflib
NG = rdflib.Namespace("https://w3id.org/newsgraph/ns#")
g = rdflib.Graph()
g.parse(sys.argv[2], format="nt")
pairs = {}
for e in g.subjects(rdflib.RDF.type, NG.Event):
    for s in g.objects(e, NG.source):
        for t in g.objects(e, NG.target):
            pairs[(str(s), str(t))] = pairs.get((str(s), str(t)), 0) + 1
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
got = {(r["source_iri"], r["target_iri"]): int(r["weight"]) for r in rows}
assert len(rows) == len(got), "a pair twice"
assert got == pairs, (len(got), len(pairs))
for r in rows:
    assert (r["first_date"] <= r["last_date"]) or not r["last_date"], r
print(len(rows), "edges,", sum(got.values()), "event pairs")
EOF
  then ok "export --edges: weights = event pairs"
  else fail "export --edges"
  fi
else
  fail "export --edges"
fi

# 4. a store gives the same tables
if "$ng" extract -q --store "$tmp/store" --create "$seed" "$wiki" &&
   "$ng" export -q --events --store "$tmp/store" -o "$tmp/store.csv" &&
   "$ng" export -q --events "$seed" "$wiki" -o "$tmp/docs.csv" &&
   "$ng" export -q --edges --store "$tmp/store" -o "$tmp/store-e.csv" &&
   "$ng" export -q --edges "$seed" "$wiki" -o "$tmp/docs-e.csv"; then
  # rows in the same order: articles by date then IRI, events in order
  sortrows() { sed 1d "$1" | LC_ALL=C sort; }
  if [ "$(sortrows "$tmp/store.csv" | cksum)" = \
       "$(sortrows "$tmp/docs.csv" | cksum)" ] &&
     [ "$(sortrows "$tmp/store-e.csv" | cksum)" = \
       "$(sortrows "$tmp/docs-e.csv" | cksum)" ]; then
    ok "export from the store = export from the articles"
  else
    fail "export from the store differs"
    diff "$tmp/store.csv" "$tmp/docs.csv" | head -5
  fi
  "$ng" export -q --events --store "$tmp/store" \
    --article shafaq-sudani-nato -o "$tmp/one.csv"
  if cmp -s "$tmp/one.csv" "$tmp/seed.csv"; then
    ok "--article: the reference article's table"
  else
    fail "--article gives another table"
  fi
else
  fail "export --store"
fi

# 5. usage errors
"$ng" export -q "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "no table kind: usage error" || fail "no table kind"
"$ng" export -q --events=xls "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "--events=xls: usage error" || fail "--events=xls"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
