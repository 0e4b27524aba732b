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
# N-Triples file, with the same IRIs, that every row is complete, and
# that each column of issue 17 holds the graph's value wherever the
# graph has one: the event's date and its basis (every event has both),
# the article's date, the actors' countries (ISO3), the CAMEO root, the
# quad class, the Goldstein weight of data/cameo.tsv, the place and its
# country.  Codes keep their leading zeros.
check_events() { # table nt tsv
  $py - "$1" "$2" "$3" "$src/data/cameo.tsv" <<'EOF'
import csv, sys, rdflib
path, nt, tsv = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
NG = rdflib.Namespace("https://w3id.org/newsgraph/ns#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
g = rdflib.Graph()
g.parse(nt, format="nt")
events = {str(e) for e in g.subjects(rdflib.RDF.type, NG.Event)}
gold = {}
for line in open(sys.argv[4], encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if line[0].isdigit():
        gold[f[0]] = f[6]
with open(path, newline="", encoding="utf-8") as f:
    if tsv:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE,
                               strict=True))
    else:
        raw = open(path, "rb").read()
        assert raw.count(b"\n") == raw.count(b"\r\n"), "bare LF"
        rows = list(csv.reader(f, strict=True))
head, body = rows[0], rows[1:]
assert head[:4] == ["event_id", "date", "date_basis", "article_date"], head
assert all(len(r) == len(head) for r in body), "ragged rows"
ids = [r[0] for r in body]
assert len(ids) == len(set(ids)), "an event twice"
assert set(ids) == events, (len(ids), len(events))
col = {name: i for i, name in enumerate(head)}

def iso3(actor):
    v = g.value(actor, NG.iso3)
    if v is None:
        c = g.value(actor, NG.country)
        v = g.value(c, NG.iso3) if c is not None else None
    return str(v) if v is not None else ""

def want(e, pred):
    v = g.value(e, pred)
    return str(v) if v is not None else ""

filled = dict.fromkeys(["place_name", "source_country", "target_country",
                        "goldstein", "date_basis text", "date_basis article"],
                       0)
for r in body:
    e = rdflib.URIRef(r[0])
    get = lambda name: r[col[name]]
    assert get("cameo") == str(g.value(e, NG.cameo)), r
    assert get("cameo_root") == want(e, NG.cameoRoot), r
    assert get("cameo").startswith(get("cameo_root")), r
    # every event dated, with its basis
    assert get("date") and get("date") == want(e, NG.date), r
    assert get("date_basis") in ("text", "article"), r
    assert get("date_basis") == want(e, NG.dateBasis), r
    art = g.value(predicate=NG.hasEvent, object=e)
    assert get("article_date") == want(art, DCT.date), r
    if get("date_basis") == "article":
        assert get("date") == get("article_date"), r
    assert get("quad_class") == want(e, NG.quadClass), r
    assert get("goldstein") == gold.get(get("cameo"), ""), r
    assert get("place_name") == want(e, NG.placeName), r
    pc = g.value(e, NG.placeCountry)
    assert get("place_country") == (str(g.value(pc, NG.iso3)) if pc else ""), r
    for role, pred in (("source", NG.source), ("target", NG.target)):
        actors = sorted(g.objects(e, pred), key=str)
        codes = [iso3(a) for a in actors]
        expect = "; ".join(codes) if any(codes) else ""
        assert get(role + "_country") == expect, (role, r)
        filled[role + "_country"] += bool(expect)
    filled["date_basis " + get("date_basis")] += 1
    filled["place_name"] += bool(get("place_name"))
    filled["goldstein"] += bool(get("goldstein"))
    assert get("evidence"), r
print(len(body), "rows =", len(events), "ng:Event;", "filled:",
      ", ".join("%s %d" % kv for kv in filled.items()))
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

# the edges as JSON Lines: the same rows, weights as numbers
if "$ng" export -q --edges jsonl -o "$tmp/edges.jsonl" "$wiki" &&
   $py - "$tmp/edges.jsonl" "$tmp/edges.csv" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(objs) == len(rows)
for o, r in zip(objs, rows):
    assert o["weight"] == int(r["weight"]) and o["source_iri"] == r["source_iri"]
EOF
then ok "export --edges jsonl"
else fail "export --edges jsonl"
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

# 5. JSON Lines: the same rows as the CSV, null for an empty field,
# codes as strings, quad_class and goldstein as numbers
if "$ng" export -q --events jsonl -o "$tmp/wiki.jsonl" "$wiki" &&
   $py - "$tmp/wiki.jsonl" "$tmp/wiki.csv" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(objs) == len(rows), (len(objs), len(rows))
for o, r in zip(objs, rows):
    assert list(o) == list(r), "keys"
    for k, v in r.items():
        if k in ("quad_class", "goldstein"):
            assert o[k] == (float(v) if v else None), (k, o[k], v)
        else:
            assert o[k] == (v or None), (k, o[k], v)
    assert isinstance(o["cameo"], str)
print(len(objs), "JSON Lines rows = CSV rows")
EOF
then ok "export --events jsonl"
else fail "export --events jsonl"
fi

# 6. leading zeros: the code columns keep them as read by Python's csv
# and by the pandas and R lines the man page gives (each run when
# installed); in CSV the codes are always quoted
man="$src/man/newsgraph-export.1"
pdline=$(sed -n 's/^\.B \(pd\.read_csv(.*)\)$/\1/p' "$man" | sed 's/\\(dq/"/g')
rline=$(sed -n 's/^\.B \(read\.csv(.*)\)$/\1/p' "$man" | sed 's/\\(dq/"/g')
[ -n "$pdline" ] && [ -n "$rline" ] || fail "the man page's reading lines"
cp "$tmp/seed.csv" "$tmp/events.csv"
# what Python's csv reads is the reference: the codes with a zero
zeros=$(cd "$tmp" && $py -c '
import csv
rows = list(csv.DictReader(open("events.csv", newline="")))
v = [r[c] for r in rows for c in ("cameo", "cameo_root")]
assert sum(x.startswith("0") for x in v) >= 4, v
print(" ".join(v))') || fail "Python csv: codes"
if grep -q ',"0[0-9]*",' "$tmp/events.csv"; then
  ok "codes quoted in CSV; Python's csv keeps their zeros"
else
  fail "CSV codes not quoted"
fi
if $py -c 'import pandas' 2>/dev/null; then
  got=$(cd "$tmp" && $py -c "import pandas as pd
ev = $pdline
print(' '.join(x for r in ev.itertuples() for x in (r.cameo, r.cameo_root)))")
  [ "$got" = "$zeros" ] && ok "pandas ($pdline) keeps the zeros" ||
    fail "pandas: $got"
else
  echo "note: no pandas; its reading line not run"
fi
if command -v Rscript >/dev/null 2>&1; then
  got=$(cd "$tmp" && Rscript -e "ev <- $rline" \
    -e 'cat(as.vector(t(ev[, c("cameo", "cameo_root")])))' 2>&1)
  [ "$got" = "$zeros" ] && ok "R ($rline) keeps the zeros" ||
    fail "R: $got"
else
  echo "note: no R; its reading line not run"
fi

# 7. usage errors
"$ng" export -q "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "no table kind: usage error" || fail "no table kind"
"$ng" export -q --events=xls "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "--events=xls: usage error" || fail "--events=xls"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
