#!/bin/sh
# test_viz.sh - newsgraph viz: the reference article drawn as SVG parses
# as XML (python3's xml.etree) with a node per actor on an arrow and an
# arrow per event pair; PNG is a PNG; DOT from a store equals DOT from
# the article; hostile labels come out as the same text; bad arguments
# give usage errors.
#
# Needs python3; exits 77 (skip) without it.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
py=/usr/bin/python3
[ -x "$py" ] || { echo "skip: no $py"; exit 77; }
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
NEWSGRAPH_NO_USER_ACTORS=1
# Graphviz and fontconfig leave memory behind at exit (sanitizer builds)
supp="$src/tests/data/serve/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$supp"
export NEWSGRAPH_NO_USER_ACTORS LSAN_OPTIONS

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

seed="$src/tests/data/seed/shafaq-sudani-nato.jsonl"
data="$src/tests/data/serve"

# 1. SVG of the reference article: valid XML, one node per actor of the
#    DOT, one arrow per DOT edge, every node label drawn
if "$ng" viz -q -o "$tmp/seed.svg" "$seed" &&
   "$ng" viz -q -T dot -o "$tmp/seed.dot" "$seed"; then
  if $py - "$tmp/seed.svg" "$tmp/seed.dot" <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
S = "{http://www.w3.org/2000/svg}"
assert svg.tag == S + "svg", svg.tag
groups = [g for g in svg.iter(S + "g")]
nodes = [g for g in groups if g.get("class") == "node"]
edges = [g for g in groups if g.get("class") == "edge"]
dot = open(sys.argv[2], encoding="utf-8").read()
dot_nodes = re.findall(r"^  a\d+ \[", dot, re.M)
dot_edges = re.findall(r"^  a\d+ -> a\d+ ", dot, re.M)
texts = " ".join("".join(t.itertext()) for t in svg.iter(S + "text"))
assert len(nodes) == len(dot_nodes) >= 5, (len(nodes), len(dot_nodes))
assert len(edges) == len(dot_edges) >= 5, (len(edges), len(dot_edges))
# every event arrow is labelled with a CAMEO code in brackets
assert len(re.findall(r"\(\d{2,4}\)", texts)) >= len(edges), texts
print(len(nodes), "nodes,", len(edges), "arrows")
EOF
  then ok "viz SVG of the reference article parses"
  else fail "viz SVG of the reference article"
  fi
else
  fail "viz on the reference article"
fi

# 2. PNG
if "$ng" viz -q -T png -o "$tmp/seed.png" "$seed" &&
   [ "$(head -c 8 "$tmp/seed.png" | od -An -tx1 | tr -d ' \n')" = \
     "89504e470d0a1a0a" ]; then
  ok "viz PNG"
else
  fail "viz PNG"
fi

# 3. the same network from a store (all of it, or the one article)
if "$ng" extract -q --store "$tmp/store" --create "$seed" &&
   "$ng" viz -q --store "$tmp/store" -o "$tmp/store.dot" &&
   "$ng" viz -q --store "$tmp/store" --article shafaq-sudani-nato \
     -o "$tmp/article.dot"; then
  # node numbers differ (the order actors are read in); the rest not
  norm() { sed 's/\ba[0-9][0-9]*\b/aN/g' "$1" | LC_ALL=C sort; }
  norm "$tmp/seed.dot" > "$tmp/a"
  norm "$tmp/store.dot" > "$tmp/b"
  norm "$tmp/article.dot" > "$tmp/c"
  if cmp -s "$tmp/a" "$tmp/b" && cmp -s "$tmp/a" "$tmp/c"; then
    ok "viz from the store = viz from the article"
  else
    fail "viz from the store differs"; diff "$tmp/a" "$tmp/b" | head
  fi
else
  fail "viz --store"
fi

# 4. hostile labels: drawn as the very text (line breaks at spaces)
if "$ng" viz -q --store memory --query "$data/hostile.rq" -T svg \
     -o "$tmp/hostile.svg"; then
  if $py - "$tmp/hostile.svg" <<'EOF'
import sys
import xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
svg = ET.parse(sys.argv[1]).getroot()
nodes = [g for g in svg.iter(S + "g") if g.get("class") == "node"]
labels = [" ".join("".join(t.itertext()) for t in g.iter(S + "text"))
          for g in nodes]
want = ['Evil "quote" \\N \\l back\\slash } ] ; <b>&amp; x',
        "<script>alert(1)</script> &lt;"]
got = sorted(l.replace("\xa0", " ") for l in labels)
assert got == sorted(want), got
EOF
  then ok "hostile labels drawn as text"
  else fail "hostile labels"
  fi
else
  fail "viz --query hostile.rq"
fi

# 5. usage errors
"$ng" viz -q -T gif "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "-T gif: usage error" || fail "-T gif"
"$ng" viz -q --store "$tmp/store" --article no-such-article \
  >/dev/null 2>&1
[ $? -eq 3 ] && ok "unknown article: usage error" || fail "unknown article"
printf 'SELECT ?x WHERE { BIND(1 AS ?x) }\n' > "$tmp/noedge.rq"
"$ng" viz -q --store memory --query "$tmp/noedge.rq" >/dev/null 2>&1
[ $? -eq 3 ] && ok "query without ?source/?target: usage error" ||
  fail "query without ?source"
"$ng" viz -q --article x "$seed" >/dev/null 2>&1
[ $? -eq 3 ] && ok "--article without --store: usage error" ||
  fail "--article without --store"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
