#!/bin/sh
# virtuoso-ci.sh - runs a command (by default tests/test_virtuoso.sh)
# against a private Virtuoso server: a temporary database directory and a
# temporary virtuoso.ini, both ports bound to 127.0.0.1 only, a random dba
# password, DirsAllowed holding a temporary load directory.  The server is
# stopped and the directory removed when the command ends, also when it
# fails or the script is interrupted.  Installs nothing.
#
#   tests/virtuoso-ci.sh                       run tests/test_virtuoso.sh
#   tests/virtuoso-ci.sh CMD ARGS...           run CMD ARGS... instead
#
# The command gets NG_VIRTUOSO (a store spec for newsgraph's --store) and
# NG_VIRTUOSO_PASSWORD (the dba password, which the spec reads from that
# variable) in its environment, and NG_VIRTUOSO_DIR (the load directory).
#
# Environment: NG_VIRTUOSO_PORT and NG_VIRTUOSO_HTTP_PORT (default 1111
# and 8890, or 11111 and 18890... when those are taken), NG_VIRTUOSO_BUFFERS (NumberOfBuffers, 8 KiB pages;
# default 100000), VIRTUOSO_T (default virtuoso-t), ISQL (default isql-vt),
# NG_SRCDIR or srcdir (default .).
# Exit status: the command's; 77 when virtuoso-t or isql-vt is missing
# (Debian: apt-get install virtuoso-opensource); 99 when the server does
# not start.
set -u
SRC=${NG_SRCDIR:-${srcdir:-.}}
VIRTUOSO_T=${VIRTUOSO_T:-virtuoso-t}
ISQL=${ISQL:-isql-vt}
BUFFERS=${NG_VIRTUOSO_BUFFERS:-100000}

# true when something listens on TCP port $1 (Linux: /proc/net/tcp*)
port_busy() {
  hex=$(printf '%04X' "$1")
  grep -q "^ *[0-9]*: [0-9A-F]*:$hex [0-9A-F]*:[0-9A-F]* 0A " \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
# the ports: as given, else the first free pair (a system Virtuoso may
# hold 1111 and 8890)
if [ -n "${NG_VIRTUOSO_PORT:-}${NG_VIRTUOSO_HTTP_PORT:-}" ]; then
  PORT=${NG_VIRTUOSO_PORT:-1111}
  HTTP=${NG_VIRTUOSO_HTTP_PORT:-8890}
else
  for k in 0 1 2 3 4; do
    PORT=$((1111 + 10000 * k))
    HTTP=$((8890 + 10000 * k))
    port_busy $PORT || port_busy $HTTP || break
  done
fi

for p in "$VIRTUOSO_T" "$ISQL"; do
  if ! command -v "$p" >/dev/null 2>&1; then
    echo "virtuoso-ci: $p not found (apt-get install virtuoso-opensource):" \
      "skipped"
    exit 77
  fi
done
case "$PORT$HTTP$BUFFERS" in
  *[!0-9]*) echo "virtuoso-ci: ports and buffers must be numbers" >&2
            exit 99 ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ng-virtuoso.XXXXXX") || exit 99
DB=$TMP/db
LOAD=$TMP/load
mkdir "$DB" "$LOAD" || exit 99
chmod 755 "$TMP" "$LOAD"
PID=
PASSWORD=dba   # the password of a new database, changed once it runs

# isql with the connection given on standard input, never in argv
sql() {
  { printf 'SET DSN=127.0.0.1:%s;\nSET UID=dba;\nSET PWD=%s;\n' \
      "$PORT" "$PASSWORD"
    cat
  } | "$ISQL" VERBOSE=OFF BANNER=OFF PROMPT=OFF ERRORS=STDOUT
}

stop() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    echo 'shutdown;' | sql >/dev/null 2>&1
    i=0
    while kill -0 "$PID" 2>/dev/null && [ $i -lt 60 ]; do
      sleep 0.5
      i=$((i + 1))
    done
    if kill -0 "$PID" 2>/dev/null; then
      kill "$PID" 2>/dev/null
      sleep 2
      kill -9 "$PID" 2>/dev/null
    fi
    wait "$PID" 2>/dev/null
  fi
  PID=
  rm -rf "$TMP"
}
trap 'stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cat >"$TMP/virtuoso.ini" <<EOF
; written by newsgraph's tests/virtuoso-ci.sh: a private test server
[Database]
DatabaseFile       = $DB/virtuoso.db
ErrorLogFile       = $DB/virtuoso.log
LockFile           = $DB/virtuoso.lck
TransactionFile    = $DB/virtuoso.trx
xa_persistent_file = $DB/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DB/virtuoso-temp.db
TransactionFile    = $DB/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$PORT
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 20
CheckpointInterval   = 60
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., $LOAD
NumberOfBuffers      = $BUFFERS
MaxDirtyBuffers      = $((BUFFERS * 3 / 4))

[HTTPServer]
ServerPort           = 127.0.0.1:$HTTP
ServerRoot           = $DB
ServerThreads        = 10
MaxClientConnections = 10
Charset              = UTF-8
EnabledDavVSP        = 0

[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
EOF

"$VIRTUOSO_T" +foreground +configfile "$TMP/virtuoso.ini" \
  >"$DB/stdout.log" 2>&1 &
PID=$!

# ready when the SQL port answers; give up after 120 s or when it died
i=0
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "virtuoso-ci: virtuoso-t exited; its log:" >&2
    tail -n 20 "$DB/virtuoso.log" "$DB/stdout.log" >&2 2>/dev/null
    PID=
    exit 99
  fi
  if echo 'select 1;' | sql >/dev/null 2>&1 &&
     grep -q 'Server online' "$DB/virtuoso.log" 2>/dev/null; then
    break
  fi
  i=$((i + 1))
  if [ $i -ge 240 ]; then
    echo "virtuoso-ci: virtuoso-t did not answer in 120 s; its log:" >&2
    tail -n 20 "$DB/virtuoso.log" >&2 2>/dev/null
    exit 99
  fi
  sleep 0.5
done

NEW=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
if ! echo "USER_SET_PASSWORD ('dba', '$NEW');" | sql | grep -q 'Error'; then
  PASSWORD=$NEW
else
  echo "virtuoso-ci: cannot set the dba password" >&2
  exit 99
fi
echo "virtuoso-ci: Virtuoso $("$VIRTUOSO_T" -? 2>&1 | sed -n 's/^Version //p' \
  | head -n 1) on 127.0.0.1:$PORT (HTTP $HTTP), database in $DB"

NG_VIRTUOSO="virtuoso:host=127.0.0.1;port=$PORT;http=$HTTP;dir=$LOAD"
NG_VIRTUOSO_PASSWORD=$PASSWORD
NG_VIRTUOSO_DIR=$LOAD
export NG_VIRTUOSO NG_VIRTUOSO_PASSWORD NG_VIRTUOSO_DIR

if [ $# -eq 0 ]; then
  ${SHELL:-/bin/sh} "$SRC/tests/test_virtuoso.sh"
else
  "$@"
fi
rc=$?
stop
trap - EXIT
exit $rc
