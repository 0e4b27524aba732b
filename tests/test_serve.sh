#!/bin/sh
# test_serve.sh - newsgraph serve on a free loopback port, over a store
# of the reference article: a who-met-whom query answered through curl
# and through rdflib's SPARQLStore (an independent SPARQL client) with
# the same rows, in every results format; the protocol's status codes
# (400, 403, 404, 405, 406, 415, 503 on timeout); a bundled query with a
# parameter; the actor picture; and the page in headless Chromium, whose
# DOM must hold the results table and the picture, with a screenshot
# (kept at $NG_SCREENSHOT when set).
#
# Needs curl, chromium and python3 with rdflib, and a newsgraph built
# with libmicrohttpd; exits 77 (skip) without them.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
. "$src/tests/serve_common.sh"
py=/usr/bin/python3
command -v curl >/dev/null 2>&1 || { echo "skip: no curl"; exit 77; }
chromium=$(command -v chromium || command -v chromium-browser) ||
  { echo "skip: no chromium"; exit 77; }
$py -c 'import rdflib' 2>/dev/null || { echo "skip: no rdflib"; exit 77; }
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
have_serve || { echo "skip: newsgraph built without libmicrohttpd"; exit 77; }

seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"
data="$src/tests/data/serve"
"$ng" extract -q --store "$tmp/store" --create "$seed" ||
  { echo "cannot make the store"; exit 1; }
start() { start_serve "$tmp/store" "$@"; }

# The HTTP status of curl ARGS (the body goes to $tmp/body).
status() {
  curl -s -o "$tmp/body" -w '%{http_code}' "$@"
}

start
ok "serving at $url"
query=$(cat "$data/who-met-whom.rq")

# 1. the same rows through curl (JSON) and through rdflib's SPARQLStore
if [ "$(status -G "${url}sparql" --data-urlencode "query=$query" \
        -H 'Accept: application/sparql-results+json')" = 200 ]; then
  cp "$tmp/body" "$tmp/curl.json"
  if $py - "$url" "$data/who-met-whom.rq" "$tmp/curl.json" <<'EOF'
import json, sys
from rdflib.plugins.stores.sparqlstore import SPARQLStore
url, qfile, cjson = sys.argv[1:4]
query = open(qfile, encoding="utf-8").read()
j = json.load(open(cjson, encoding="utf-8"))
vars_ = j["head"]["vars"]
curl_rows = sorted(tuple(b.get(v, {}).get("value") for v in vars_)
                   for b in j["results"]["bindings"])
def rows(store):
    res = store.query(query)
    return sorted(tuple(None if x is None else str(x) for x in r)
                  for r in res)
xml_rows = rows(SPARQLStore(url + "sparql"))             # GET, XML
json_rows = rows(SPARQLStore(url + "sparql", returnFormat="json",
                             method="POST"))             # POST, JSON
assert len(curl_rows) >= 1, "no meeting found"
assert curl_rows == xml_rows == json_rows, (curl_rows, xml_rows, json_rows)
print(len(curl_rows), "rows:", curl_rows[0][1:3])
EOF
  then ok "who-met-whom: curl = rdflib (XML over GET, JSON over POST)"
  else fail "who-met-whom through curl and rdflib"
  fi
else
  fail "GET /sparql: $(cat "$tmp/body")"
fi

# 2. every results format, by Accept, parsed back
for f in "text/csv:csv" "text/tab-separated-values:tsv" \
         "application/sparql-results+xml:xml"; do
  type=${f%%:*}; kind=${f#*:}
  code=$(status "${url}sparql" -H "Accept: $type" \
           -H 'Content-Type: application/sparql-query' \
           --data-binary "@$data/who-met-whom.rq")
  ctype=$(curl -s -o /dev/null -w '%{content_type}' "${url}sparql" \
           -H "Accept: $type" --data-urlencode "query=$query")
  if [ "$code" = 200 ] && [ "${ctype%%;*}" = "$type" ] &&
     $py - "$tmp/body" "$kind" "$tmp/curl.json" <<'EOF'
import csv, json, sys
import xml.etree.ElementTree as ET
path, kind, cj = sys.argv[1:4]
n = len(json.load(open(cj))["results"]["bindings"])
if kind == "xml":
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2005/sparql-results#}"
    got = len(root.findall(".//" + ns + "result"))
else:
    rows = list(csv.reader(open(path, newline="", encoding="utf-8"),
                           delimiter="," if kind == "csv" else "\t"))
    got = len(rows) - 1
assert got == n, (got, n)
EOF
  then ok "Accept: $type"
  else fail "Accept: $type ($code, $ctype)"
  fi
done

# 3. status codes
expect() { # code description curl-args...
  want=$1; what=$2; shift 2
  got=$(status "$@")
  if [ "$got" = "$want" ]; then ok "$what: $got"
  else fail "$what: $got, not $want ($(head -c 200 "$tmp/body"))"; fi
}
expect 400 "bad query" "${url}sparql" --data-urlencode 'query=SELEC ?x'
expect 400 "no query" "${url}sparql"
expect 400 "update as a query" "${url}sparql" \
  --data-urlencode 'query=INSERT DATA { <a:b> <a:c> <a:d> }'
expect 403 "update form" "${url}sparql" \
  --data-urlencode 'update=INSERT DATA { <a:b> <a:c> <a:d> }'
expect 403 "sparql-update body" "${url}sparql" \
  -H 'Content-Type: application/sparql-update' \
  --data-binary 'DROP ALL'
expect 405 "PUT" -X PUT "${url}sparql"
expect 405 "POST to the page" -X POST "$url" --data 'x=1'
expect 406 "Accept: image/png" "${url}sparql" -H 'Accept: image/png' \
  --data-urlencode "query=$query"
expect 415 "text/plain body" "${url}sparql" -H 'Content-Type: text/plain' \
  --data-binary "$query"
expect 404 "unknown path" "${url}nothing-here"
expect 404 "unknown bundled query" "${url}query/no-such-query"
expect 403 "foreign Host header" -H 'Host: evil.example' "${url}sparql"
expect 200 "ASK" "${url}sparql" --data-urlencode 'query=ASK { ?s ?p ?o }'
grep -q '"boolean": true' "$tmp/body" && ok "ASK is true" ||
  fail "ASK: $(cat "$tmp/body")"
expect 200 "CONSTRUCT" "${url}sparql" -H 'Accept: application/n-triples' \
  --data-urlencode 'query=CONSTRUCT { ?e a ?t } WHERE { ?e a ?t } LIMIT 3'

# 4. a bundled query with a parameter, and the list of them
expect 200 "GET /queries" "${url}queries"
cp "$tmp/body" "$tmp/queries.json"
names=$($py -c 'import json, sys
q = json.load(open(sys.argv[1]))
assert q and all("text" in x and "params" in x for x in q)
print(" ".join(x["name"] for x in q))' "$tmp/queries.json") &&
  ok "/queries is JSON: $names" || fail "/queries"
if echo " $names " | grep -q ' events-of '; then
  expect 200 "bundled events-of with a parameter" -G "${url}query/events-of" \
    --data-urlencode 'actor=Iraqi government' --data-urlencode 'format=csv'
  [ "$(wc -l < "$tmp/body")" -ge 2 ] && ok "events-of has rows" ||
    fail "events-of: no rows"
fi

# 5. the picture
expect 200 "GET /viz.svg" -G "${url}viz.svg" \
  --data-urlencode 'article=shafaq-sudani-nato'
$py -c 'import sys, xml.etree.ElementTree as E
assert E.parse(sys.argv[1]).getroot().tag.endswith("svg")' "$tmp/body" &&
  ok "the picture is SVG" || fail "the picture"
expect 400 "picture of no article" -G "${url}viz.svg" \
  --data-urlencode 'article=no-such-article'

# 6. the page in headless Chromium: the table and the picture
page="${url}?run=who-met-whom&article=shafaq-sudani-nato"
shot=${NG_SCREENSHOT:-$tmp/page.png}
chrome() {
  timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$tmp/chrome.XXXXXX")" \
    --virtual-time-budget=20000 --window-size=1280,1400 "$@" "$page"
}
expect 200 "GET /" "$url"
grep -q '<textarea' "$tmp/body" && ok "the page has a query box" ||
  fail "the page"
chrome --dump-dom >"$tmp/dom.html" 2>"$tmp/chrome.err"
if $py - "$tmp/dom.html" <<'EOF'
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<div id="results"[^>]*data-rows="(\d+)"', dom)
assert m and int(m.group(1)) >= 1, "no results table"
assert "<table>" in dom and "<td>" in dom, "no table cells"
assert re.search(r'<div id="picture"[^>]*data-loaded="yes"', dom), \
    "the picture did not load"
print(m.group(1), "rows in the page's table; the picture loaded")
EOF
then ok "the page shows the table and the picture"
else fail "the page in Chromium"; tail -5 "$tmp/chrome.err"
fi
chrome --screenshot="$shot" >/dev/null 2>&1
if [ -s "$shot" ] && [ "$(head -c 4 "$shot" | od -An -tx1 | tr -d ' \n')" = \
     "89504e47" ]; then
  ok "screenshot $shot"
else
  fail "screenshot"
fi

# 7. a query past the timeout is stopped: 503
start --timeout 1
t0=$(date +%s)
expect 503 "query past --timeout 1" "${url}sparql" \
  --data-urlencode "query=$(cat "$data/slow.rq")"
t1=$(date +%s)
[ $((t1 - t0)) -le 5 ] && ok "stopped in $((t1 - t0)) s" ||
  fail "the timeout took $((t1 - t0)) s"
expect 200 "the server still answers" "${url}sparql" \
  --data-urlencode 'query=ASK { ?s ?p ?o }'

# 8. a long answer is streamed (chunked) as the query writes it, whole
start
q='SELECT * { ?s ?p ?o . ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
want=$("$ng" query --store "$tmp/store" -r tsv "$q" | tail -n +2 | wc -l)
curl -s -D "$tmp/h" -o "$tmp/body" -G "${url}sparql" \
  --data-urlencode "query=$q"
got=$($py -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["results"]["bindings"]))' "$tmp/body")
grep -qi '^Transfer-Encoding: chunked' "$tmp/h" && [ "$got" = "$want" ] &&
  [ "$want" -gt 1000 ] &&
  ok "a long answer streamed: $got rows, $(wc -c <"$tmp/body") bytes, chunked" ||
  fail "a long answer: $got rows of $want; $(head -3 "$tmp/h" | tr -d '\r')"

# one row longer than the buffer a query may fill ahead of its client
# (1 MiB): the answer begins rather than waiting for the client
q='SELECT (GROUP_CONCAT(?l; separator="-----------------------------") AS ?g)
   { ?s ?p ?o . ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l }'
r=$(curl -s -o "$tmp/body" -w '%{http_code} %{time_total}' --max-time 20 \
      -G "${url}sparql" --data-urlencode "query=$q")
size=$(wc -c <"$tmp/body")
[ "${r%% *}" = 200 ] && [ "$size" -gt 1100000 ] &&
  awk "BEGIN { exit !(${r#* } < 10) }" &&
  ok "a row of $size bytes answered in ${r#* } s" ||
  fail "a row over 1 MiB: $r, $size bytes"

# 9. answers follow the store: a load committed while serving is seen
# (the server's handles are reopened), also for an answer kept for
# clients asking the same again
q='SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'
count() {
  curl -s -H 'Accept: text/csv' -G "${url}sparql" --data-urlencode "query=$q" |
    tail -n 1 | tr -d '\r'
}
n1=$(count)
n2=$(count)
"$ng" load -q --store "$tmp/store" "$src/tests/data/store/a2-v2.nq" >/dev/null
n3=$(count)
[ -n "$n1" ] && [ "$n1" = "$n2" ] && [ "$n3" -gt "$n1" ] 2>/dev/null &&
  ok "a load while serving is seen: $n1 quads, then $n3" ||
  fail "a load while serving: '$n1' '$n2' then '$n3'"

# an answer that may change without the data is never kept: RAND()
q='SELECT (RAND() AS ?r) {}'
r1=$(count); r2=$(count)
[ -n "$r1" ] && [ "$r1" != "$r2" ] &&
  ok "RAND() is not answered from what was kept: $r1, then $r2" ||
  fail "RAND() twice: '$r1' '$r2'"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
