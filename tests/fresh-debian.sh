#!/bin/sh
# fresh-debian.sh - both README commands on a fresh, minimal Debian 12.
#
#   sudo tests/fresh-debian.sh [WORKDIR]
#
# Builds a minimal Debian 12 (debootstrap --variant=minbase: nothing but
# the essential packages and apt) in a temporary directory, copies the
# files git tracks in this checkout into it (/root/newsgraph: commit
# first), and runs, as root inside it,
#     ./quickstart.sh
#     ./quickstart.sh check
# then lists every test that was skipped, with its reason.  It passes
# when both commands succeed and no test was skipped for a missing
# package.  Run it by hand before closing an issue that changes
# dependencies; it is not part of make check or CI (it needs root, a
# Debian mirror and half an hour).
#
# The mirror is this machine's own (the first URIs: or deb line of its
# apt sources), or NG_DEBIAN_MIRROR; the apt sources of this machine are
# copied in so that the suites match (bookworm, -updates, -security).
# /proc, /sys, /dev and /dev/pts are mounted as on a booted machine;
# services are not started by package scripts (policy-rc.d), as in any
# chroot: the tests start the Virtuoso they need themselves.
#
# Output: WORKDIR/fresh.log (everything) and a summary on standard
# output.  WORKDIR (default: a new directory under /var/tmp) is removed
# at the end unless NG_KEEP=1; it is never removed while anything is
# still mounted below it.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "fresh-debian: run as root" >&2; exit 2; }

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "fresh-debian: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    debootstrap >/dev/null
fi

mirror=${NG_DEBIAN_MIRROR:-}
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
  mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' \
    /etc/apt/sources.list.d/debian.sources | grep -v security | head -n 1)
fi
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' \
    /etc/apt/sources.list)
fi
[ -n "$mirror" ] ||
  { echo "fresh-debian: no Debian mirror found; set NG_DEBIAN_MIRROR" >&2; exit 2; }

work=${1:-$(mktemp -d /var/tmp/ng-fresh.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
root="$work/root"
log="$work/fresh.log"
: >"$log"

mounted() { grep -q " $root" /proc/mounts; }
cleanup() {
  for m in dev/pts dev/shm dev sys proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
  if mounted; then
    echo "fresh-debian: still mounted under $root; not removed" >&2
  elif [ "${NG_KEEP:-0}" != 1 ]; then
    rm -rf "$root"
  fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "fresh-debian: debootstrap bookworm (minbase) into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$log" 2>&1 ||
  { tail -n 20 "$log"; echo "fresh-debian: debootstrap failed" >&2; exit 1; }

# the machine's apt sources and name resolution, no service starts
if [ -r /etc/apt/sources.list.d/debian.sources ]; then
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mountpoint -q /dev/shm && mount --bind /dev/shm "$root/dev/shm"

# the committed files of this checkout (as CI's clean clone has them)
mkdir -p "$root/root/newsgraph"
(cd "$here" && git ls-files -z | tar --null -T - -cf -) |
  tar -xf - -C "$root/root/newsgraph"

run() { # what inside the new system
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    sh -c "cd /root/newsgraph && $1"
}

status=0
echo "fresh-debian: ./quickstart.sh"
if run ./quickstart.sh >>"$log" 2>&1; then
  echo "  ok: $(grep -c . "$root/root/newsgraph/quickstart-out/reference.ttl") lines of Turtle, who-did-what printed"
else
  echo "  FAILED (see $log)"; status=1
fi
echo "fresh-debian: ./quickstart.sh check"
if run './quickstart.sh check' >>"$log" 2>&1; then
  echo "  ok: $(grep '^quickstart: all tests passed' "$log" | head -n 1)"
else
  echo "  FAILED (see $log)"; tail -n 30 "$log"; status=1
fi

# every skipped test, with the reason its log gives (quickstart.sh
# prints them after each make check); a skip for something not installed
# fails this check
skips=$(grep -E '^quickstart: .*: skipped ' "$log" || true)
if [ -n "$skips" ]; then
  echo "fresh-debian: skipped tests:"
  echo "$skips" | sed 's/^quickstart: /  /'
  if echo "$skips" | grep -q -i -E 'skipped [^:]*: .*(no |not found|missing|cannot import|without)'; then
    echo "fresh-debian: a test was skipped for something not installed"
    status=1
  fi
else
  echo "fresh-debian: no test skipped"
fi
[ $status -eq 0 ] && echo "fresh-debian: passed" || echo "fresh-debian: FAILED"
exit $status
