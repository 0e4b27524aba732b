#!/bin/sh
# check-install.sh - newsgraph installs like a library: the library, its
# headers, newsgraph.pc, the tool, the data, the ontology and the man
# pages are in place; every man page renders; examples/extract_article.c
# compiles against the installed library through pkg-config alone and
# extracts the reference article.
#
#   examples/check-install.sh --install BUILDDIR
#       runs 'make install' of BUILDDIR into a temporary DESTDIR, checks
#       it and removes it ('make check-install' does this)
#   examples/check-install.sh SYSROOT PREFIX
#       checks what is installed under SYSROOT/PREFIX, SYSROOT being the
#       DESTDIR used, or '' ('make installcheck' does this)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

if [ "${1:-}" = "--install" ]; then
  build=$(cd "${2:?usage: $0 --install BUILDDIR}" && pwd)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! make -s -C "$build" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1
  then
    cat "$tmp/install.log"; echo "FAIL: make install"; exit 1
  fi
  prefix=$(sed -n 's/^prefix=//p' "$build/newsgraph.pc")
  sh "$0" "$tmp/root" "$prefix"
  exit $?
fi

root=${1-}
prefix=${2:?usage: $0 SYSROOT PREFIX | --install BUILDDIR}
base="$root$prefix"
[ -d "$base" ] || { echo "FAIL: nothing installed in $base"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# Where each part went (under the configured directories, whatever they
# are): found, not assumed.
find1() { find "$base" "$@" 2>/dev/null | LC_ALL=C sort | head -1; }
pc=$(find1 -name newsgraph.pc -path '*/pkgconfig/*')
bin=$(find1 -name newsgraph -path '*/bin/*' -type f)
header=$(find1 -name newsgraph.h -path '*/newsgraph/*')
ttl=$(find1 -name newsgraph.ttl -path '*/ontology/*')
man1=$(find1 -name newsgraph.1 -path '*/man1/*')
for part in "pkg-config file:$pc" "the tool:$bin" "the header:$header" \
            "the ontology:$ttl" "newsgraph(1):$man1"; do
  [ -n "${part#*:}" ] && ok "${part%%:*}: ${part#*:}" ||
    fail "no ${part%%:*} under $base"
done
[ "$fails" -eq 0 ] || exit 1
libdir=$(dirname "$(dirname "$pc")")
datadir=$(dirname "$(dirname "$ttl")")
mandir=$(dirname "$man1")

# 1. the library, the headers, the data
ls "$libdir"/libnewsgraph.so* >/dev/null 2>&1 && ok "libnewsgraph.so" ||
  fail "no libnewsgraph.so in $libdir"
[ -f "$(dirname "$header")/store.h" ] && ok "store.h" || fail "no store.h"
n=$(ls "$datadir"/queries/*.rq 2>/dev/null | wc -l)
[ "$n" -ge 6 ] && ok "$n bundled queries" || fail "bundled queries: $n"
[ -f "$datadir/cameo.tsv" ] && ok "dictionaries" || fail "no dictionaries"

# 2. every man page: newsgraph(1) and one per command, rendered
pages="newsgraph newsgraph-extract newsgraph-load newsgraph-query \
       newsgraph-timex newsgraph-actors newsgraph-serve newsgraph-viz \
       newsgraph-export"
for p in $pages; do
  f="$mandir/$p.1"
  if [ ! -f "$f" ]; then
    fail "no $f"
  elif command -v man >/dev/null 2>&1; then
    out=$(MANWIDTH=80 man -l "$f" 2>&1 >/dev/null)
    if [ -z "$out" ] && MANWIDTH=80 man -l "$f" 2>/dev/null |
         grep -q "^NAME"; then
      ok "man -l $p.1"
    else
      fail "man -l $p.1: $out"
    fi
  elif command -v groff >/dev/null 2>&1; then
    [ -z "$(groff -man -ww -z "$f" 2>&1)" ] && ok "groff $p.1" ||
      fail "groff $p.1"
  fi
done

# 3. the example program, built with pkg-config and nothing else
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ -n "$root" ] && export PKG_CONFIG_SYSROOT_DIR="$root"
flags=$($PKG_CONFIG --cflags --libs newsgraph) ||
  fail "pkg-config --cflags --libs newsgraph"
if $CC -std=c11 -Wall -Wextra -Werror -o "$tmp/extract_article" \
     "$here/extract_article.c" $flags 2>"$tmp/cc.err"; then
  ok "cc extract_article.c \$(pkg-config --cflags --libs newsgraph)"
else
  cat "$tmp/cc.err"; fail "the example does not build"
fi
article="$src/tests/data/seed/shafaq-sudani-nato.txt"
if [ -x "$tmp/extract_article" ]; then
  if LD_LIBRARY_PATH="$libdir" NEWSGRAPH_DATA_DIR="$datadir" \
     "$tmp/extract_article" "$article" 2024-06-27 >"$tmp/out" \
     2>"$tmp/err"; then
    ev=$(grep -c -- '-\[' "$tmp/out")
    if [ "$ev" -ge 3 ] && grep -q 'ng:Event' "$tmp/out"; then
      ok "the example extracts the article: $ev events, Turtle"
    else
      fail "the example's output: $(head -3 "$tmp/out")"
    fi
    if command -v rapper >/dev/null 2>&1; then
      sed -n '/^@prefix/,$p' "$tmp/out" >"$tmp/out.ttl"
      rapper -q -c -i turtle "$tmp/out.ttl" >/dev/null 2>&1 &&
        ok "its Turtle parses (rapper)" || fail "its Turtle"
    fi
  else
    cat "$tmp/err"; fail "the example failed"
  fi
fi

# 4. the installed tool
if LD_LIBRARY_PATH="$libdir" NEWSGRAPH_DATA_DIR="$datadir" \
   NEWSGRAPH_NO_USER_ACTORS=1 "$bin" extract -q -f ntriples \
   --date 2024-06-27 "$article" >"$tmp/tool.nt" && [ -s "$tmp/tool.nt" ]
then
  ok "the installed tool extracts the article"
else
  fail "the installed tool"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit 0
