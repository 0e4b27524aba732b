#!/bin/sh
# quickstart.sh - set up, build and run newsgraph on a fresh Debian 12.
#
#   ./quickstart.sh          install what is missing, build, extract the
#                            bundled reference article to Turtle, load it
#                            into the embedded store and print who did
#                            what to whom
#   ./quickstart.sh check    install, build, run every test (make check)
#                            in a normal build and in an ASan+UBSan build
#   ./quickstart.sh deps     only install the Debian packages
#
# Packages are installed with apt-get when run as root; otherwise the
# script prints the exact apt-get line and stops.
set -eu
cd "$(dirname "$0")"
top=$(pwd)
mode=${1:-run}
jobs=$(nproc 2>/dev/null || echo 2)

# Build tools, libraries (-dev), and every tool a test uses, so that no
# test is skipped for a missing package on a fresh machine
# (tests/fresh-debian.sh checks that):
#   raptor2-utils (rapper), python3 and python3-rdflib: RDF checks;
#   valgrind: make check-valgrind; clang and libclang-rt-14-dev (its
#   libFuzzer and sanitizer runtimes; --no-install-recommends leaves it
#   out of clang): the fuzzing build; curl and chromium: the endpoint and
#   its page; time (/usr/bin/time): peak memory in tests/pathological.sh;
#   man-db: the man pages; virtuoso-opensource: the server store;
#   python3-pandas and r-base-core: the event table test reads the CSV
#   with the pandas and R lines the export man page gives; wrk: the load
#   generator of make bench-serve.
PACKAGES="build-essential autoconf automake libtool pkg-config \
libraptor2-dev librdf0-dev librasqal3-dev librdf-storage-sqlite libdb-dev \
libcunit1-dev libjansson-dev libutf8proc-dev libxxhash-dev libpcre2-dev \
libmicrohttpd-dev libgraphviz-dev graphviz \
raptor2-utils python3 python3-rdflib valgrind clang libclang-rt-14-dev \
curl chromium time man-db virtuoso-opensource python3-pandas r-base-core \
wrk"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "quickstart: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $missing
  else
    echo "quickstart: these Debian packages are missing; install them with:"
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing"
    exit 1
  fi
fi
[ "$mode" = deps ] && exit 0

# Configures the source tree (in-tree, so that the tool is src/newsgraph)
# with the given options, reusing an earlier configuration only when its
# options were the same, then builds.
build() { # [configure args...]
  [ -x ./configure ] || ./autogen.sh
  want="'--enable-werror' $(for a in "$@"; do printf "'%s' " "$a"; done)"
  want=$(echo "$want" | sed 's/ *$//')
  if [ -f Makefile ] && [ -x config.status ]; then
    have=$(./config.status --config 2>/dev/null)
    if [ "$have" != "$want" ]; then
      make distclean >/dev/null
    fi
  fi
  [ -f Makefile ] || ./configure --enable-werror "$@"
  make -j"$jobs"
}

# Prints each test the last make check skipped, with the first line of
# its log that says why (tests/fresh-debian.sh reads these lines).
skips() { # BUILD-NAME
  for trs in $(find tests -name '*.trs' | sort); do
    grep -q '^:test-result: SKIP' "$trs" || continue
    t=${trs%.trs}
    why=$(grep -i -m 1 'skip' "$t.log" 2>/dev/null || true)
    echo "quickstart: $1: skipped $t: ${why:-(no reason given)}"
  done
}

case "$mode" in
run)
  build
  ng="$top/src/newsgraph"
  out="$top/quickstart-out"
  rm -rf "$out" && mkdir -p "$out"
  "$ng" extract --input-format jsonl -o "$out/reference.ttl" \
    "$top/tests/data/seed/shafaq-sudani-nato.jsonl"
  echo "quickstart: wrote $out/reference.ttl ($(grep -c . "$out/reference.ttl") lines of Turtle)"
  "$ng" load --store "$out/store" --create "$out/reference.ttl"
  echo "quickstart: who did what to whom (newsgraph query --store $out/store who-did-what):"
  "$ng" query --store "$out/store" who-did-what
  ;;
check)
  # 1. ASan+UBSan build: make check
  build --enable-sanitizers
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 make -j"$jobs" check
  skips "ASan+UBSan build"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_memcmp=0 \
    LSAN_OPTIONS=suppressions="$top/tests/lsan.supp" make check-virtuoso
  # 2. libFuzzer build (clang): each fuzz target for FUZZ_SECONDS (60)
  build CC=clang --enable-fuzzing
  make fuzz-smoke FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
  # 3. the normal build, which stays in place: make check, then valgrind
  #    over the unit tests, the fuzz seeds and the tool
  build
  make -j"$jobs" check
  skips "normal build"
  make check-valgrind
  # 4. the server store: a private Virtuoso on 127.0.0.1, stopped after
  make check-virtuoso
  echo "quickstart: all tests passed (ASan+UBSan build, fuzz smoke runs," \
    "normal build, valgrind, Virtuoso)"
  ;;
*)
  echo "usage: ./quickstart.sh [check|deps]" >&2
  exit 3
  ;;
esac
