# serve_common.sh - what the endpoint tests share (sourced, not run):
# the newsgraph binary and source paths, the LSAN suppressions for the
# libraries serve loads, a temporary directory removed at exit with every
# background process, fail/ok counting, and start_serve, which starts
# "newsgraph serve --store STORE --port 0 ARGS" and sets $url.
# The sourcing script sets $src first.
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
NEWSGRAPH_NO_USER_ACTORS=1
export NEWSGRAPH_NO_USER_ACTORS

tmp=$(mktemp -d)
# Graphviz and fontconfig leave memory behind at exit (sanitizer builds),
# and so does raptor's N-Quads parser (tests/lsan.supp, which make check
# names too: LSAN_OPTIONS takes one suppressions file, so both go in one)
cat "$src/tests/lsan.supp" "$src/tests/data/serve/lsan.supp" >"$tmp/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp"
export LSAN_OPTIONS
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; done
  for p in $pids; do wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# 0 when newsgraph was built with libmicrohttpd (it has a serve command).
have_serve() {
  ! "$ng" serve --store /nonexistent 2>&1 | grep -q 'without libmicrohttpd'
}

# Starts "newsgraph serve --store STORE --port 0 ARGS" on a free port and
# sets $url.  Each server writes its own file, so a URL is never read
# from the one before.
nserve=0
start_serve() { # STORE [ARGS...]
  store=$1
  shift
  nserve=$((nserve + 1))
  out="$tmp/serve$nserve.out"
  : >"$out"
  "$ng" serve --store "$store" --port 0 "$@" >"$out" \
    2>"$tmp/serve$nserve.err" &
  pids="$pids $!"
  url=""
  i=0
  while [ $i -lt 100 ] && [ -z "$url" ]; do
    url=$(sed -n 's/.* at \(http:[^ ]*\) .*/\1/p' "$out")
    [ -z "$url" ] && sleep 0.1
    i=$((i + 1))
  done
  [ -n "$url" ] ||
    { cat "$tmp/serve$nserve.err"; echo "serve did not start"; exit 1; }
}
