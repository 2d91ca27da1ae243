#!/usr/bin/env bash
# bench/soak.sh - the banking demo (examples/banking) under 50 concurrent
# HTTP clients for minutes at a time: does its RSS stay flat, and how many
# requests/s does it serve, plain and with Raceway in each send mode
# (issue #13).  A benchmark, not a test: nothing passes or fails, CI does
# not run it.  Needs wrk, clang-19, libmicrohttpd-dev, libcjson-dev,
# libcurl-dev and python3.
#
#   bench/soak.sh [BUILD_DIR]   # a build of this tree (default build/)
#
# Environment:
#   DURATION      seconds of load per configuration (600)
#   CONFIGS       configurations, run one after another in this order; each
#                 is MODE-CONN or MODE-CONN@server, with :SECONDS for a
#                 duration other than DURATION (plain-close:120); one run
#                 more than once is reported as NAME.2, NAME.3, ...:
#                   MODE  plain (no pass, no libraceway) | none | races | all | auto
#                         (RACEWAY_SEND)
#                   CONN  ka (keep-alive) | close (a connection per request)
#                   @server  events to the real server (SERVER), not a file
#   CONNS         wrk connections (50); WRK_THREADS (2)
#   SAMPLE        seconds between RSS samples (5)
#   MODEL         pool: the demo's thread pool (8 threads) | tpc: a thread
#                 per connection (libmicrohttpd's other model)
#   TRANSFER_PCT  per 100 requests: this many POST /transfer and as many
#                 POST /deposit (1); the rest GET /balances
#   SERVER        the real server (../shared/raceway-server/raceway-server)
#   SINK          file: a regular file in the work directory, deleted after
#                 its lines are counted (SEND=all writes about 90 MB/s: 56 GB
#                 in 10 minutes; check the disk) | fifo: a FIFO there, whose
#                 lines a reader counts, no disk (but the runtime writes a
#                 pipe in PIPE_BUF pieces: slower, more drops) (file)
#   RACEWAY_ENV   more VAR=value settings for the instrumented runs
#   OUT           the report, markdown (default: $work/soak.md; printed)
#   KEEP=1        keep the work directory (events files are always deleted)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
DURATION=${DURATION:-600}
CONNS=${CONNS:-50}
WRK_THREADS=${WRK_THREADS:-2}
SAMPLE=${SAMPLE:-5}
MODEL=${MODEL:-pool}
TRANSFER_PCT=${TRANSFER_PCT:-1}
SERVER=${SERVER:-$root/../shared/raceway-server/raceway-server}
CC=${CC:-clang-19}
CONFIGS=${CONFIGS:-"plain-ka plain-close none-ka none-close races-ka \
races-close all-ka all-close races-close@server"}
RACEWAY_ENV=${RACEWAY_ENV:-}
SINK=${SINK:-file}

for tool in wrk "$CC" python3; do
  command -v "$tool" >/dev/null || { echo "soak: needs $tool" >&2; exit 2; }
done
[ -f "$build/pass/RacewayPass.so" ] && [ -f "$build/runtime/libraceway.so" ] ||
  { echo "soak: no RacewayPass.so / libraceway.so under $build" >&2; exit 2; }

work=$(mktemp -d /tmp/raceway-soak.XXXXXX)
OUT=${OUT:-$work/soak.md}
demo_pid= server_pid= sampler_pid= reader_pid=
cleanup() {
  for p in $sampler_pid $demo_pid $server_pid $reader_pid; do
    kill -KILL "$p" 2>/dev/null || true
  done
  rm -f "$work"/*.jsonl
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

# --- builds: the demo as shipped, with the limits a load test needs -------
# Per-address limit above CONNS (wrk connects from one address); no forced
# "Connection: close", so the client chooses keep-alive or not.
demo_src=$root/examples/banking
defs=(-DSERVER_PER_IP_CONNECTIONS=$((CONNS + 16)) -DSERVER_CLOSE_EACH=0
      -DBANKING_WEB_ROOT="\"$demo_src\"")
[ "$MODEL" = tpc ] && defs+=(-DSERVER_THREAD_PER_CONNECTION=1)
srcs=("$demo_src"/{main,server,api,bank,notify,page}.c)
libs=(-lmicrohttpd -lcjson -lcurl -lpthread)
cflags=(-O2 -g -Wall -Wextra -I"$root/include" "${defs[@]}")
"$CC" "${cflags[@]}" "${srcs[@]}" "$here/soak_stubs.c" "${libs[@]}" \
  -o "$work/demo.plain"
"$CC" "${cflags[@]}" -fpass-plugin="$build/pass/RacewayPass.so" "${srcs[@]}" \
  -L"$build/runtime" -Wl,-rpath,"$build/runtime" -lraceway "${libs[@]}" \
  -o "$work/demo.rw"

# --- one configuration ------------------------------------------------------
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
tck=$(getconf CLK_TCK)

start_server() {  # the real server on a free port; sets server_url
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  sed "s/^port = .*/port = $port/" "$(dirname "$SERVER")/raceway.toml" > "$work/server.toml"
  "$SERVER" --config "$work/server.toml" serve > "$work/server.log" 2>&1 &
  server_pid=$!
  server_url=http://127.0.0.1:$port
  for _ in $(seq 100); do
    curl -sf "$server_url/status" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "soak: the server did not start (see $work/server.log)" >&2
  return 1
}

run_one() {  # CONFIG NAME SECONDS -> $work/NAME.{stdout,stderr,rss,wrk,facts}
  local cfg=$1 name=$2 secs=$3 mode conn sink=file bin envs=() url
  mode=${cfg%%-*}; conn=${cfg#*-}; conn=${conn%@*}
  [ "$cfg" != "${cfg%@server}" ] && sink=server
  bin=$work/demo.rw
  if [ "$mode" = plain ]; then
    bin=$work/demo.plain
  else
    envs=(RACEWAY_DEBUG=1 RACEWAY_SEND="$mode")
    if [ $sink = server ]; then
      start_server || return 1
      envs+=(RACEWAY_ENDPOINT="$server_url" RACEWAY_SERVICE_NAME=banking-soak)
    else
      envs+=(RACEWAY_OUTPUT="$work/$name.jsonl")
      if [ "$SINK" = fifo ]; then
        mkfifo "$work/$name.jsonl"
        wc -l < "$work/$name.jsonl" > "$work/$name.lines" &
        reader_pid=$!
      fi
    fi
    # shellcheck disable=SC2206
    envs+=($RACEWAY_ENV)
  fi
  : > "$work/$name.stdout"
  env "${envs[@]}" "$bin" --port 0 > "$work/$name.stdout" 2> "$work/$name.stderr" &
  demo_pid=$!
  for _ in $(seq 200); do
    url=$(sed -n 's|^listening on \(http://[0-9.:]*\)$|\1|p' "$work/$name.stdout")
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { echo "soak: $name did not start" >&2; return 1; }

  local t0 load
  t0=$(date +%s.%N)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  (while kill -0 "$demo_pid" 2>/dev/null; do
     echo "$(date +%s.%N) $(status_kb "$demo_pid" VmRSS) $(status_kb "$demo_pid" Threads)"
     sleep "$SAMPLE"
   done) > "$work/$name.rss" &
  sampler_pid=$!
  local hdr=()
  [ "$conn" = close ] && hdr=(-H "Connection: close")
  CLOSE=$([ "$conn" = close ] && echo 1 || echo 0) TRANSFER_PCT=$TRANSFER_PCT \
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" "${hdr[@]}" \
    -s "$here/soak.lua" "$url/" > "$work/$name.wrk" 2>&1 || true
  local cpu rss_end threads
  cpu=$(cpu_ticks "$demo_pid")
  rss_end=$(status_kb "$demo_pid" VmRSS)
  threads=$(status_kb "$demo_pid" Threads)
  kill -TERM "$demo_pid"
  local t=0
  while kill -0 "$demo_pid" 2>/dev/null && [ $t -lt 300 ]; do sleep 0.1; t=$((t + 1)); done
  kill -KILL "$demo_pid" 2>/dev/null || true
  wait "$demo_pid" 2>/dev/null || true
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  demo_pid= sampler_pid=
  local lines=-
  if [ -n "$reader_pid" ]; then
    # A demo that never opened the FIFO (nothing to send) leaves the
    # reader waiting for a writer: be one, for nothing.
    ! kill -0 "$reader_pid" 2>/dev/null || timeout 5 sh -c ": > '$work/$name.jsonl'" || true
    wait "$reader_pid" 2>/dev/null || true
    lines=$(cat "$work/$name.lines")
    reader_pid=
  elif [ -f "$work/$name.jsonl" ]; then
    lines=$(wc -l < "$work/$name.jsonl")
  fi
  rm -f "$work/$name.jsonl"
  if [ -n "$server_pid" ]; then
    echo "server_rss_kb=$(status_kb "$server_pid" VmRSS)" >> "$work/$name.facts"
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
  {
    echo "t0=$t0"; echo "load=$load"; echo "cpu_s=$(awk -v c="$cpu" -v t="$tck" 'BEGIN {print c / t}')"
    echo "rss_end_kb=$rss_end"; echo "threads_end=$threads"; echo "lines=$lines"
    echo "stop_s=$(awk -v t="$t" 'BEGIN {print t / 10}')"
  } >> "$work/$name.facts"
}

# --- run and report ---------------------------------------------------------
{
  echo "## Banking demo soak ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Raceway $(git -C "$root" describe --always --dirty 2>/dev/null || echo "?"); $(nproc) cores," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);" \
       "model $MODEL; wrk -t$WRK_THREADS -c$CONNS, $DURATION s per configuration;" \
       "$TRANSFER_PCT% transfers, $TRANSFER_PCT% deposits, the rest GET /balances;" \
       "RSS sampled every $SAMPLE s; events to a $SINK.${RACEWAY_ENV:+ Settings: $RACEWAY_ENV.}"
  echo
} > "$OUT"
declare -A runs=()
names=()
for spec in $CONFIGS; do
  cfg=${spec%%:*} secs=$DURATION
  [ "$spec" = "$cfg" ] || secs=${spec#*:}
  runs[$cfg]=$(( ${runs[$cfg]:-0} + 1 ))
  name=$cfg
  [ "${runs[$cfg]}" = 1 ] || name=$cfg.${runs[$cfg]}
  names+=("$name")
  echo "soak: $name ($secs s)" >&2
  run_one "$cfg" "$name" "$secs" || echo "soak: $name failed" >&2
done
python3 "$here/soak_report.py" "$work" "${names[@]}" >> "$OUT"
cat "$OUT"
