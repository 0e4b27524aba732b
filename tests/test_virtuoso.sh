#!/bin/sh
# test_virtuoso.sh - the Virtuoso store (--store virtuoso:...) against the
# embedded store and rdflib on the same data: the seed article extracted
# to N-Quads, tests/data/store's files and a file of hostile names and
# literals.  Checks the quads of every graph (Virtuoso = embedded store =
# rdflib), that loading everything again duplicates nothing, that every
# bundled query gives the same rows in the same order on both stores (and
# the same bytes in every results format), that extract --store loads
# articles, and that hostile input is refused or kept intact: graphs
# outside the store's prefix, IRIs N-Quads cannot hold, updates, Virtuoso
# pragmas, --param values, a wrong password, an unreachable server.
#
# Needs a running Virtuoso that holds no newsgraph graphs but the ones
# this test loads: NG_VIRTUOSO is its store spec and NG_VIRTUOSO_PASSWORD
# its dba password.  tests/virtuoso-ci.sh starts a private one and runs
# this test.  Skipped (77) without NG_VIRTUOSO, isql-vt or a server.
#
# Environment: NEWSGRAPH (default $NG_BUILDDIR/src/newsgraph), NG_SRCDIR
# or srcdir (default .), PYTHON (default python3).
set -u
NG=${NEWSGRAPH:-${NG_BUILDDIR:-.}/src/newsgraph}
SRC=${NG_SRCDIR:-${srcdir:-.}}
DATA=$SRC/tests/data/store
PY=${PYTHON:-python3}
[ -x /usr/bin/python3 ] && [ -z "${PYTHON:-}" ] && PY=/usr/bin/python3
PREFIX=https://w3id.org/newsgraph/id/

if [ -z "${NG_VIRTUOSO:-}" ]; then
  echo "NG_VIRTUOSO is not set: skipped (tests/virtuoso-ci.sh runs this" \
    "test against a private Virtuoso)"
  exit 77
fi
command -v isql-vt >/dev/null 2>&1 || { echo "isql-vt missing: skipped"; exit 77; }
[ -x "$NG" ] || { echo "no $NG"; exit 99; }
V=$NG_VIRTUOSO
TMP=$(mktemp -d) || exit 99
trap 'rm -rf "$TMP"' EXIT INT TERM
EMB=$TMP/emb

if ! "$NG" query -q --store "$V" 'ASK { }' >/dev/null 2>"$TMP/err"; then
  echo "Virtuoso ($V) does not answer: skipped"
  cat "$TMP/err"
  exit 77
fi

fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

# ---- the data ----
"$NG" extract -q --format nquads "$SRC"/tests/data/seed/*.jsonl \
  >"$TMP/seed.nq" || exit 99
# names and literals that mean something to SQL, isql, SPARQL or a shell
G="${PREFIX}article-hostile'\$ARGV[0]);drop_table_x;--!"
{
  printf '<%s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/newsgraph/ns#Article> <%s> .\n' "$G" "$G"
  printf '<%s> <http://www.w3.org/2000/01/rdf-schema#label> "it'"'"'s \\"quoted\\" \\\\ back\\nslash $ARGV[0] !ls $(id) `id` ; -- ʻOkina 漢字 \\u0007" <%s> .\n' "$G" "$G"
  printf '<%s> <http://purl.org/dc/terms/title> "SPARQL\\" } ; CLEAR ALL ; #"@en-GB <%s> .\n' "$G" "$G"
  printf '<%s> <https://w3id.org/newsgraph/ns#words> "12"^^<http://www.w3.org/2001/XMLSchema#integer> <%s> .\n' "$G" "$G"
} >"$TMP/hostile.nq"
FILES="$TMP/seed.nq $DATA/sample.nq $DATA/a2-v2.nq $DATA/a1.ttl
$DATA/bnodes1.nq $DATA/bnodes2.nq $DATA/dup.nq $TMP/hostile.nq"

# ---- load both stores ----
# shellcheck disable=SC2086
"$NG" load -q --create --store "$EMB" $FILES || { echo "embedded load failed"; exit 99; }

COUNTS='SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'
counts() { # STORE OUT: "graph count" lines of the graphs under PREFIX
  "$NG" query -q --store "$1" -r tsv "$COUNTS" >"$TMP/c.tsv" || return 1
  tail -n +2 "$TMP/c.tsv" | grep "^<$PREFIX" \
    | sed 's/^<\(.*\)>\t"\([0-9]*\)".*/\1 \2/' | LC_ALL=C sort >"$2"
}
counts "$EMB" "$TMP/emb.counts" || { echo "cannot count the embedded store"; exit 99; }

# the server must hold no other newsgraph graph: the queries run on all
counts "$V" "$TMP/before.counts" || { echo "cannot count in Virtuoso"; exit 99; }
cut -d' ' -f1 "$TMP/emb.counts" >"$TMP/ours"
if cut -d' ' -f1 "$TMP/before.counts" | grep -vxF -f "$TMP/ours" \
     >"$TMP/others"; then
  echo "Virtuoso ($V) holds other newsgraph graphs, e.g." \
    "$(head -n 1 "$TMP/others"): skipped (use tests/virtuoso-ci.sh)"
  exit 77
fi
VIRTRDF='SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://www.openlinksw.com/schemas/virtrdf#> { ?s ?p ?o } }'
"$NG" query -q --store "$V" -r tsv "$VIRTRDF" >"$TMP/virtrdf.before"

# shellcheck disable=SC2086
if "$NG" load -v --store "$V" $FILES 2>"$TMP/load.err"; then
  ok "load into Virtuoso: $(grep -c 'loaded .* quads' "$TMP/load.err") files"
else
  bad "load into Virtuoso:"; cat "$TMP/load.err"
fi
counts "$V" "$TMP/virt.counts"
if cmp -s "$TMP/emb.counts" "$TMP/virt.counts"; then
  ok "quads per graph: Virtuoso = embedded ($(wc -l <"$TMP/emb.counts") graphs)"
else
  bad "quads per graph differ (embedded, Virtuoso):"
  diff "$TMP/emb.counts" "$TMP/virt.counts"
fi

# ---- rdflib's count, with replace-on-reload, from the same files ----
if "$PY" -c 'import rdflib' 2>/dev/null; then
  # shellcheck disable=SC2086
  "$PY" - $FILES >"$TMP/rdflib.counts" 2>"$TMP/err" <<'EOF'
import sys
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
ARTICLE = URIRef("https://w3id.org/newsgraph/ns#Article")
graphs = {}
for path in sys.argv[1:]:
    if path.endswith(".nq"):
        ds = Dataset()
        ds.parse(path, format="nquads")
        loaded = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            gid = str(g.identifier if hasattr(g, "identifier") else g)
            loaded.setdefault(gid, set()).add((s, p, o))
    else:
        g = Graph()
        g.parse(path, format="turtle")
        art = [s for s in g.subjects(RDF.type, ARTICLE)]
        loaded = {str(art[0]): set(g)}
    graphs.update(loaded)  # an article loaded again replaces its graph
for gid in sorted(graphs):
    if gid.startswith("https://w3id.org/newsgraph/id/"):
        print(gid, len(graphs[gid]))
EOF
  [ -s "$TMP/err" ] && cat "$TMP/err"
  LC_ALL=C sort -o "$TMP/rdflib.counts" "$TMP/rdflib.counts"
  if cmp -s "$TMP/emb.counts" "$TMP/rdflib.counts"; then
    ok "quads per graph: embedded = rdflib"
  else
    bad "quads per graph differ (embedded, rdflib):"
    diff "$TMP/emb.counts" "$TMP/rdflib.counts"
  fi
else
  echo "skip rdflib counts (no python3-rdflib)"
fi

# ---- loading again duplicates nothing ----
# shellcheck disable=SC2086
"$NG" load -q --store "$V" $FILES || bad "second load into Virtuoso"
counts "$V" "$TMP/virt2.counts"
if cmp -s "$TMP/emb.counts" "$TMP/virt2.counts"; then
  ok "loaded again: the same quads per graph, no duplicates"
else
  bad "loaded again: quads per graph changed:"
  diff "$TMP/emb.counts" "$TMP/virt2.counts"
fi
"$NG" query -q --store "$V" -r tsv "$VIRTRDF" >"$TMP/virtrdf.after"
cmp -s "$TMP/virtrdf.before" "$TMP/virtrdf.after" \
  || bad "Virtuoso's own virtrdf graph changed"

# blank nodes: _:b1 of two files are two nodes
BN='SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?a <http://example.org/note> ?b }'
e=$("$NG" query -q --store "$EMB" -r csv "$BN" | tail -n 1)
v=$("$NG" query -q --store "$V" -r csv "$BN" | tail -n 1)
[ "$e" = "$v" ] && ok "blank nodes of two files stay apart ($v)" \
  || bad "distinct blank nodes: embedded $e, Virtuoso $v"

# ---- the bundled queries: same rows, same order, every format ----
# the most active actor, by IRI and by label (most-active's first row)
"$NG" query -q --store "$EMB" -r tsv most-active | sed -n 2p >"$TMP/top"
A=$(cut -f1 "$TMP/top" | sed 's/^<\(.*\)>$/\1/')
L=$(cut -f2 "$TMP/top" | sed 's/^"\(.*\)"$/\1/')
same_query() { # NAME [--param N=V]...: the same TSV bytes on both stores
  "$NG" query -q --store "$EMB" -r tsv "$@" >"$TMP/e.tsv" 2>"$TMP/err" \
    || { bad "query $*: the embedded store failed:"; cat "$TMP/err"; return; }
  "$NG" query -q --store "$V" -r tsv "$@" >"$TMP/v.tsv" 2>"$TMP/err"
  if cmp -s "$TMP/e.tsv" "$TMP/v.tsv"; then
    ok "query $*: $(($(wc -l <"$TMP/e.tsv") - 1)) rows, the same in the same order"
  elif { head -n 1 "$TMP/e.tsv"; tail -n +2 "$TMP/e.tsv" | LC_ALL=C sort; } >"$TMP/e.s" &&
       { head -n 1 "$TMP/v.tsv"; tail -n +2 "$TMP/v.tsv" | LC_ALL=C sort; } >"$TMP/v.s" &&
       cmp -s "$TMP/e.s" "$TMP/v.s"; then
    bad "query $*: the same rows in another order"
  else
    bad "query $*: rows differ (embedded, Virtuoso):"
    cat "$TMP/err"
    diff "$TMP/e.tsv" "$TMP/v.tsv" | head -n 10
  fi
}
for q in "$SRC"/data/queries/*.rq; do
  name=$(basename "$q" .rq)
  if grep -q '^# param: actor ' "$q"; then
    same_query "$name" --param "actor=$A"
    same_query "$name" --param "actor=$L"
  elif grep -q '^# param: a ' "$q"; then
    same_query "$name" --param a=IRQ --param b=USA
    same_query "$name" --param a=USA --param b=IRQ --param from=2024-01-01
  else
    same_query "$name"
  fi
done
for f in table csv json xml; do
  "$NG" query -q --store "$EMB" -r $f who-did-what >"$TMP/e.$f"
  "$NG" query -q --store "$V" -r $f who-did-what >"$TMP/v.$f"
  cmp -s "$TMP/e.$f" "$TMP/v.$f" && ok "who-did-what as $f: the same bytes" \
    || bad "who-did-what as $f differs"
done
H="SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"${PREFIX}article-hostile\")) } ORDER BY ?p ?o"
"$NG" query -q --store "$EMB" -r json "$H" >"$TMP/e.h"
"$NG" query -q --store "$V" -r json "$H" >"$TMP/v.h"
cmp -s "$TMP/e.h" "$TMP/v.h" && grep -q 'ARGV' "$TMP/v.h" \
  && ok "hostile graph name and literals kept intact" \
  || { bad "hostile literals differ:"; diff "$TMP/e.h" "$TMP/v.h"; }
for q in "ASK { ?s ?p ?o }" "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${PREFIX}article-a1> { ?s ?p ?o } }"; do
  "$NG" query -q --store "$EMB" "$q" | LC_ALL=C sort >"$TMP/e.q"
  "$NG" query -q --store "$V" "$q" | LC_ALL=C sort >"$TMP/v.q"
  cmp -s "$TMP/e.q" "$TMP/v.q" && ok "${q%% *}: the same answer" \
    || { bad "${q%% *} differs:"; diff "$TMP/e.q" "$TMP/v.q" | head; }
done

# ---- SPARQL of our own: each triple of the default graph counts once ----
Q1='PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?l (COUNT(*) AS ?n) WHERE { ?a rdfs:label ?l } GROUP BY ?l ORDER BY DESC(?n) ?l'
Q2='PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "https://w3id.org/newsgraph/id/")) }'
Q3='PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?c ?sl ?tl WHERE { ?e a ng:Event ; ng:cameo ?c ; ng:source ?s .
  ?s rdfs:label ?sl . OPTIONAL { ?e ng:target ?t . ?t rdfs:label ?tl }
  FILTER(?c != "000") } ORDER BY ?e ?sl ?tl'
Q4='PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?e ?t WHERE { ?e a ng:Event . OPTIONAL { ?e ng:target ?t } } ORDER BY ?t ?e'
Q5='PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {
  { SELECT ?e ?a WHERE { ?e ng:source ?a } } UNION { ?e ng:target ?a }
  BIND(STR(?a) AS ?as) FILTER(STRSTARTS(?as, "https")) } GROUP BY ?a ORDER BY ?a'
for q in "$Q1" "$Q2" "$Q3" "$Q4" "$Q5"; do
  "$NG" query -q --store "$EMB" -r tsv "$q" >"$TMP/e.g" 2>"$TMP/err" || cat "$TMP/err"
  "$NG" query -q --store "$V" -r tsv "$q" >"$TMP/v.g" 2>"$TMP/err" || cat "$TMP/err"
  first=$(printf '%s' "$q" | grep -m 1 -o 'SELECT.*' | cut -c1-50)
  cmp -s "$TMP/e.g" "$TMP/v.g" \
    && ok "'$first...': $(($(wc -l <"$TMP/e.g") - 1)) rows, the same" \
    || { bad "'$first...' differs (embedded, Virtuoso):"; diff "$TMP/e.g" "$TMP/v.g" | head; }
done
"$NG" query -q --store "$V;set=0" -r tsv "$Q1" >"$TMP/v0.g"
"$NG" query -q --store "$V" -r tsv "$Q1" >"$TMP/v1.g"
cmp -s "$TMP/v0.g" "$TMP/v1.g" \
  && bad "set=0 counts repeated triples as set=1 does: the test proves nothing" \
  || ok "set=0 counts repeated triples once per graph, set=1 once"

# ---- refusals ----
expect() { # CODE TEXT DESCRIPTION -- command...
  code=$1 text=$2 what=$3
  shift 4
  "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  if [ $rc -eq "$code" ] && grep -q "$text" "$TMP/err"; then
    ok "$what (exit $rc)"
  else
    bad "$what: exit $rc, expected $code and '$text':"
    cat "$TMP/err"
  fi
}
printf '<%s> <http://example.org/p> "x" <http://www.openlinksw.com/schemas/virtrdf#> .\n' "${PREFIX}x" >"$TMP/system.nq"
expect 1 "outside the graphs newsgraph owns" "a graph outside the prefix is refused" \
  -- "$NG" load --store "$V" "$TMP/system.nq"
printf '<%sarticle-sp> <http://example.org/p> <http://exa mple.org/x> <%sarticle-sp> .\n' "$PREFIX" "$PREFIX" >"$TMP/space.nq"
expect 8 "illegal character" "an IRI with a space is refused" \
  -- "$NG" load --store "$V" "$TMP/space.nq"
expect 8 "syntax\|error\|parse" "bad N-Quads are refused" \
  -- "$NG" load --store "$V" "$DATA/bad.nq"
counts "$V" "$TMP/virt3.counts"
cmp -s "$TMP/emb.counts" "$TMP/virt3.counts" && ok "refused files left the store unchanged" \
  || { bad "refused files changed the store:"; diff "$TMP/emb.counts" "$TMP/virt3.counts"; }
expect 7 "only SELECT, ASK" "an update is refused" \
  -- "$NG" query --store "$V" "INSERT DATA { GRAPH <${PREFIX}x> { <urn:a> <urn:b> <urn:c> } }"
expect 7 "pragmas" "a Virtuoso pragma is refused" \
  -- "$NG" query --store "$V" 'define input:storage "" SELECT * WHERE { ?s ?p ?o } LIMIT 1'
expect 7 "Virtuoso refused the query" "a syntax error is Virtuoso's message" \
  -- "$NG" query --store "$V" 'SELECT * WHERE { ?s ?p }'
"$NG" query -q --store "$EMB" -r tsv --param 'actor=x" } } ; CLEAR ALL ; #' events-of >"$TMP/e.p"
"$NG" query -q --store "$V" -r tsv --param 'actor=x" } } ; CLEAR ALL ; #' events-of >"$TMP/v.p"
cmp -s "$TMP/e.p" "$TMP/v.p" && ok "a hostile --param value is a literal on both stores" \
  || bad "a hostile --param value differs"
expect 5 "start it" "an unreachable server says how to start it" \
  -- "$NG" query --store "virtuoso:http=9;port=9" 'ASK { }'
expect 5 "cannot log in" "a wrong password is an error" \
  -- env NG_VIRTUOSO_PASSWORD=wrong-password "$NG" load --store "$V" "$DATA/sample.nq"
V_NODIR=$(printf '%s' "$V" | sed 's/;dir=[^;]*//; s/:dir=[^;]*;*/:/')
expect 1 "dir=DIR" "loading needs dir=" \
  -- "$NG" load --store "$V_NODIR" "$DATA/sample.nq"

# ---- one writer at a time; what killed loads left is removed ----
DIR=$(printf '%s' "$V" | sed -n 's/.*[:;]dir=\([^;]*\).*/\1/p')
if [ -n "$DIR" ] && command -v flock >/dev/null 2>&1; then
  flock "$DIR/newsgraph-virtuoso.lock" sleep 3 &
  sleep 0.5
  expect 6 "another process is loading" "a second writer is refused" \
    -- "$NG" load --store "$V" "$DATA/bnodes1.nq"
  wait
  : >"$DIR/ng-1-abc-1-0.nq"
  : >"$DIR/ng-1-abc-1.graphs"
  : >"$DIR/ng-notours.nq"
  "$NG" load -q --store "$V" "$DATA/bnodes1.nq" || bad "load after leftovers"
  if [ ! -e "$DIR/ng-1-abc-1-0.nq" ] && [ ! -e "$DIR/ng-1-abc-1.graphs" ] &&
     [ -e "$DIR/ng-notours.nq" ]; then
    ok "leftovers of killed loads are removed, other files kept"
  else
    bad "leftovers: $(ls "$DIR")"
  fi
  rm -f "$DIR/ng-notours.nq"
fi

# ---- extract --store: articles added one by one, loaded at close ----
"$NG" extract -q --store "$V" "$SRC"/tests/data/seed/*.jsonl || bad "extract --store"
"$NG" extract -q --store "$V" "$SRC"/tests/data/seed/*.jsonl || bad "extract --store again"
counts "$V" "$TMP/virt4.counts"
cmp -s "$TMP/emb.counts" "$TMP/virt4.counts" \
  && ok "extract --store (twice) gives the quads of load" \
  || { bad "extract --store differs:"; diff "$TMP/emb.counts" "$TMP/virt4.counts"; }

exit $fail
