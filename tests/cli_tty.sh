#!/bin/sh
# cli_tty.sh - extract on a terminal: the progress line shows when
# standard error is a terminal, and not with -q.  script(1) gives the
# command a pseudo-terminal; where none can be opened (no script, or a
# system without /dev/pts, as in a bare chroot) the test skips (77) and
# says why, rather than failing.
set -u
src=${NG_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
build=${NG_BUILDDIR:-$src}
ng="$build/src/newsgraph"
[ -x "$ng" ] || { echo "no $ng"; exit 1; }
NEWSGRAPH_NO_USER_ACTORS=1
export NEWSGRAPH_NO_USER_ACTORS
command -v script >/dev/null 2>&1 ||
  { echo "skip: no script(1) (util-linux) to open a terminal"; exit 77; }
probe=$(script -qec 'test -t 2 && echo tty-ok' /dev/null </dev/null 2>&1)
case "$probe" in
*tty-ok*) ;;
*)
  echo "skip: no pseudo-terminal can be opened here" \
    "(script said: $(echo "$probe" | head -n 1))"
  exit 77
  ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
wn="$src/tests/data/wikinews/wikinews.jsonl"

script -qec "'$ng' extract -f nt -o '$tmp/tty.nt' '$wn'" /dev/null \
  > "$tmp/tty.out" 2>&1 < /dev/null
grep -q 'articles/s' "$tmp/tty.out" &&
  ok "progress line on a terminal" ||
  fail "no progress line on a terminal"
script -qec "'$ng' extract -q -f nt -o '$tmp/tty.nt' '$wn'" /dev/null \
  > "$tmp/tty.out" 2>&1 < /dev/null
grep -q 'articles/s' "$tmp/tty.out" &&
  fail "a progress line with -q" || ok "no progress line with -q"
[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all passed"
