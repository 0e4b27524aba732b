#!/bin/sh
# serve.sh - make bench-serve: the SPARQL endpoint under load.  A store
# is built from a corpus (default the in-repo Wikinews articles), then
# `newsgraph serve` answers the bundled who-met-whom query to wrk at
# concurrency 1, 8 and 64 (requests/s, p50, p99), and a new client's
# answer time is taken while 64 idle connections are open.  Each figure
# is taken RUNS times (the machine is shared: the spread is printed).
# A benchmark, not a test: it never fails on a number.
#
#   tests/bench/serve.sh [CORPUS.jsonl]
#
# Environment: NG_BENCH_RUNS (default 3), NG_BENCH_SECONDS (per wrk run,
# default 5), NG_BENCH_SERVE_ARGS (more options for serve, e.g.
# "--jobs 2"), NG_BENCH_VIRTUOSO (a Virtuoso SPARQL endpoint URL holding
# the same data, e.g. http://127.0.0.1:8890/sparql: measured beside).
# Under tests/virtuoso-ci.sh (make bench-serve-virtuoso: a private
# Virtuoso) the corpus is loaded into it too and its endpoint measured.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$src/tests/serve_common.sh" # $ng, $tmp (removed at exit), start_serve
corpus=${1:-$src/tests/data/wikinews/wikinews.jsonl}
runs=${NG_BENCH_RUNS:-3}
secs=${NG_BENCH_SECONDS:-5}
py=/usr/bin/python3
command -v wrk >/dev/null 2>&1 ||
  { echo "make bench-serve needs wrk (Debian package wrk)"; exit 2; }
command -v curl >/dev/null 2>&1 || { echo "needs curl"; exit 2; }
[ -x "$py" ] || { echo "needs python3"; exit 2; }
[ -x "$ng" ] || { echo "no $ng: build first"; exit 2; }
[ -r "$corpus" ] || { echo "cannot read $corpus"; exit 2; }

"$ng" extract -q -f nquads -o "$tmp/corpus.nq" "$corpus" &&
  "$ng" load -q --create --store "$tmp/store" "$tmp/corpus.nq" >/dev/null ||
  { echo "cannot build the store from $corpus"; exit 2; }
triples=$(wc -l <"$tmp/corpus.nq")
if [ -n "${NG_VIRTUOSO:-}" ] && [ -z "${NG_BENCH_VIRTUOSO:-}" ]; then
  vhttp=$(echo "$NG_VIRTUOSO" | sed -n 's/.*http=\([0-9]*\).*/\1/p')
  "$ng" load -q --store "$NG_VIRTUOSO" "$tmp/corpus.nq" >/dev/null &&
    [ -n "$vhttp" ] && NG_BENCH_VIRTUOSO="http://127.0.0.1:$vhttp/sparql" ||
    echo "cannot load the corpus into Virtuoso ($NG_VIRTUOSO)"
fi

# shellcheck disable=SC2086
start_serve "$tmp/store" -q ${NG_BENCH_SERVE_ARGS:-}
target="${url}query/who-met-whom"
rows=$(curl -s -H 'Accept: text/tab-separated-values' "$target" |
  tail -n +2 | wc -l)
echo "store: $corpus, $triples quads; who-met-whom: $rows rows"
echo "serve ${NG_BENCH_SERVE_ARGS:-(defaults)}; $runs runs of $secs s each;" \
  "$(nproc) cores (shared)"

# "req/s p50 p99" of one wrk run (latencies in ms)
wrk_run() { # URL CONNECTIONS [LUA]
  t=2
  [ "$2" -lt 2 ] && t=1
  wrk -t$t -c"$2" -d"${secs}s" --latency "$1" >"$tmp/wrk" 2>&1
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.1f %.1f %s\n", rps, p50, p99, bad ? bad : 0 }
  ' "$tmp/wrk"
}

# median, min and max of the numbers on standard input
spread() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (!NR) { print "-"; exit }
    printf "%s (%s..%s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

measure() { # NAME URL
  printf '%-10s %4s %24s %24s %24s %s\n' "$1" "c" "req/s" "p50 ms" \
    "p99 ms" "non-2xx"
  for c in 1 8 64; do
    : >"$tmp/runs"
    r=0
    while [ $r -lt "$runs" ]; do
      wrk_run "$2" $c >>"$tmp/runs"
      r=$((r + 1))
    done
    printf '%-10s %4s %24s %24s %24s %s\n' "" "$c" \
      "$(awk '{print $1}' "$tmp/runs" | spread)" \
      "$(awk '{print $2}' "$tmp/runs" | spread)" \
      "$(awk '{print $3}' "$tmp/runs" | spread)" \
      "$(awk '{s += $4} END {print s + 0}' "$tmp/runs")"
  done
}

# A new client's answer time (s) while 64 idle connections are open.
idle_run() { # URL
  hp=${1#http://}
  hp=${hp%%/*}
  $py - "${hp%:*}" "${hp##*:}" 64 4 <<'PY' &
import socket, sys, time
host, port, n, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
socks = [socket.create_connection((host, port)) for _ in range(n)]
time.sleep(hold)
PY
  ipid=$!
  sleep 1
  curl -s -o /dev/null -w '%{time_total} %{http_code}\n' --max-time 10 "$1"
  wait $ipid
}

measure newsgraph "$target"
: >"$tmp/idle"
r=0
while [ $r -lt "$runs" ]; do
  idle_run "$target" >>"$tmp/idle"
  r=$((r + 1))
done
echo "new client with 64 idle connections open: $(awk '{print $1}' \
  "$tmp/idle" | spread) s (status $(awk '{print $2}' "$tmp/idle" |
  sort -u | tr '\n' ' '))"

if [ -n "${NG_BENCH_VIRTUOSO:-}" ]; then
  # Virtuoso refuses ORDER BY on a projected aggregate's name (SP031):
  # the query goes in a subquery and its ORDER BY (on the projected
  # variables) outside, as a Virtuoso store rewrites it
  q=$($py - "$src/data/queries/who-met-whom.rq" <<'PY'
import re, sys, urllib.parse
lines = [l for l in open(sys.argv[1]) if not l.startswith("#")]
prefixes = [l for l in lines if l.startswith("PREFIX")]
body = [l for l in lines if not l.startswith("PREFIX")]
order = [l for l in body if l.startswith("ORDER BY")]
body = [l for l in body if not l.startswith("ORDER BY")]
keys = " ".join(k for k in re.findall(r'COALESCE\([^()]*(?:\([^()]*\))?[^()]*\)|\?\w+',
                                       order[0][8:] if order else "")
                if "?k" not in k)
print(urllib.parse.quote("".join(prefixes) + "SELECT * {\n" + "".join(body)
                         + "}\n" + ("ORDER BY " + keys + "\n" if keys else "")))
PY
)
  vurl="$NG_BENCH_VIRTUOSO?query=$q"
  code=$(curl -s -o "$tmp/v" -w '%{http_code}' --max-time 10 \
           -H 'Accept: application/sparql-results+json' "$vurl")
  if [ "$code" = 200 ]; then
    echo "virtuoso: $($py -c 'import json, sys
print(len(json.load(open(sys.argv[1]))["results"]["bindings"]))' "$tmp/v") rows"
    measure virtuoso "$vurl"
  else
    echo "virtuoso: $code from $NG_BENCH_VIRTUOSO: $(head -c 300 "$tmp/v")"
  fi
fi
