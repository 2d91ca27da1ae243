#!/usr/bin/env bash
# bench/run.sh - Raceway's cost against plain clang -O2, ThreadSanitizer and
# a lower bound, measured (never judged: nothing here passes or fails).
#
#   bench/run.sh [BUILD_DIR]             default: build-bench (must be built)
#   REPS=3 QUICK=1 bench/run.sh          quick mode: smaller inputs, a few minutes
#
# Each program is built five ways: plain (clang-19 -O2 -g); Raceway
# (RacewayPass + libraceway); TSan (-fsanitize=thread); and the same
# instrumented objects linked to the lower-bound runtime (lowerbound.c: each
# event is one call appending 64 bytes to a thread-local buffer), with and
# without rdtsc.  The Raceway build runs three ways: detector on with every
# event written to /dev/null (RACEWAY_SEND=all, file sink, the vectors a
# server gets: RACEWAY_WIRE_VECTOR=delta);
# RACEWAY_SEND=none (detector only, nothing captured or sent); and
# RACEWAY_DETECT=0 (events written, no detector).  The key-value store and
# hashing also run RACEWAY_SEND=auto, the default a user gets (every event
# until RACEWAY_SEND_ALL_LIMIT, then races only).
#
# Variants run interleaved (A B C D A B C D ...) so that load from other
# processes hits them alike; every figure is a median with its min-max over
# REPS runs.  Time is CPU time (user+sys of the process, from wait4) unless
# it says wall.  Instruction counts come from callgrind (deterministic),
# as the difference of two run lengths so start-up and exit cancel.
#
# Every input size can be overridden from the environment (HOT_ITERS,
# KV_OPS, CHURN, CG_N, ...: see the two lists below).
# Environment: REPS (default 5), QUICK (1: small inputs, skips compile time
# and the untracked-code instruction counts), CC (clang-19), BIG_FUNCS (600),
# TIMEOUT (hard limit per run, s, default 300; QUICK 150), MEM_LIMIT_MB (address-space limit per
# run except TSan, default 8192), RACEWAY_REV (what the build is, for the
# report; default: the tree's commit), KEEP=1 keeps the work directory.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build-bench}" && pwd)
REPS=${REPS:-5}
QUICK=${QUICK:-0}
CC=${CC:-clang-19}
BIG_FUNCS=${BIG_FUNCS:-600}
MEM_LIMIT_MB=${MEM_LIMIT_MB:-8192}
plugin=$build/pass/RacewayPass.so
rtlib=$build/runtime/libraceway.so
work=$(mktemp -d /tmp/raceway-bench.XXXXXX)
sink_pid=
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT

for f in "$plugin" "$rtlib"; do
  [ -e "$f" ] || { echo "run.sh: $f missing: build $build first" >&2; exit 1; }
done
for t in valgrind callgrind_annotate objdump python3; do
  command -v "$t" >/dev/null || { echo "run.sh: needs $t" >&2; exit 1; }
done

if [ "$QUICK" = 1 ]; then
  TIMEOUT=${TIMEOUT:-150}
  : "${HOT_ITERS:=1000000}"; : "${LP_PAIRS:=2000000}"; : "${KV_OPS:=200000}"; : "${HASH_BLOCKS:=5000}"; : "${FIFO_ITEMS:=1000000}";
  : "${SCALE_TOTAL:=262144}"; : "${CHURN:=100000}"; : "${SCALE_REPS:=1}"; : "${LEDGER_LINES:=200000}";
  : "${TR_EVENTS:=500000}"; : "${TR_HTTP:=200000}";
else
  TIMEOUT=${TIMEOUT:-300}
  : "${HOT_ITERS:=2000000}"; : "${LP_PAIRS:=5000000}"; : "${KV_OPS:=500000}"; : "${HASH_BLOCKS:=20000}"; : "${FIFO_ITEMS:=2000000}";
  : "${SCALE_TOTAL:=1048576}"; : "${CHURN:=100000}"; : "${SCALE_REPS:=$REPS}"; : "${LEDGER_LINES:=400000}";
  : "${TR_EVENTS:=2000000}"; : "${TR_HTTP:=500000}";
fi
CG_N=${CG_N:-100000}   # callgrind: runs of CG_N and 2*CG_N units (deterministic)

# ---------------------------------------------------------------- build --
# valgrind 3.19 cannot read clang-19's DWARF 5 in libraceway: the Raceway
# builds link a copy without debug info (same code; symbols kept).
mkdir -p "$work/lib" "$work/res" "$work/cg"
objcopy --strip-debug "$(readlink -f "$rtlib")" "$work/lib/libraceway.so.0"
ln -s libraceway.so.0 "$work/lib/libraceway.so"
CFLAGS=(-O2 -g -gdwarf-4)
PLAIN=("$CC" "${CFLAGS[@]}")
RW=("$CC" "${CFLAGS[@]}" -fpass-plugin="$plugin" -I"$root/include" -DRACEWAY_BENCH)
RWLIBS=(-L"$work/lib" -Wl,-rpath,"$work/lib" -lraceway -lpthread)
LBLIBS=(-L"$work/lib" -Wl,-rpath,"$work/lib" -lpthread)
TSAN=("$CC" "${CFLAGS[@]}" -fsanitize=thread)

echo "== building in $work"
"$CC" -O2 "$here/measure.c" -o "$work/measure"
"$CC" -O2 -g -gdwarf-4 -fPIC -shared -I"$root/include" "$here/lowerbound.c" \
  -o "$work/lib/liblb.so" -ldl
"$CC" -O2 -g -gdwarf-4 -fPIC -shared -DLB_TSC=1 -I"$root/include" "$here/lowerbound.c" \
  -o "$work/lib/liblbtsc.so" -ldl
build5() {  # NAME.plain .rw .tsan .lb .lbt in $work
  local src=$here/$1.c
  "${PLAIN[@]}" "$src" -o "$work/$1.plain" -lpthread &&
  "${RW[@]}" "$src" -o "$work/$1.rw" "${RWLIBS[@]}" &&
  "${RW[@]}" "$src" -o "$work/$1.lb" "${LBLIBS[@]}" -llb &&
  "${RW[@]}" "$src" -o "$work/$1.lbt" "${LBLIBS[@]}" -llbtsc &&
  "${TSAN[@]}" "$src" -o "$work/$1.tsan" ||
  { echo "run.sh: building $1 failed" >&2; exit 1; }
}
for p in hot_loop lockpair kvstore hashing fifo scale churn ledger; do build5 $p; done
"${RW[@]}" "$here/transport.c" -o "$work/transport.rw" "${RWLIBS[@]}"
"${RW[@]}" -I"$root/runtime" "$here/memory.c" -o "$work/memory.rw" "${RWLIBS[@]}"

# ------------------------------------------------------------ helpers --
export RACEWAY_OUTPUT=/dev/null RACEWAY_DEBUG=1   # DEBUG: always the exit counts line
# Every event (the default, auto, turns to races after 100,000), each with
# the vector a server would get (to a file the default is the whole one).
export RACEWAY_SEND=all RACEWAY_WIRE_VECTOR=delta
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
t_start=$(date +%s)

# run1 BENCH VARIANT ARGS...: one measured run, one line appended to
# $work/res/BENCH.VARIANT: measure's fields, the program's key=value output,
# Raceway's exit counts (produced/delivered/dropped) and races reported.
# OUTFD=1: RACEWAY_OUTPUT is a pipe into wc (bytes= lines= of the JSON).
run1() {
  local b=$1 v=$2; shift 2
  local bin=$b.$v envs=() lim=(-m "$MEM_LIMIT_MB")
  case $v in
    plain|plain2) bin=$b.plain ;;
    none) bin=$b.rw; envs=(RACEWAY_SEND=none) ;;
    auto) bin=$b.rw; envs=(RACEWAY_SEND=auto) ;;
    nodet) bin=$b.rw; envs=(RACEWAY_DETECT=0) ;;
    tsan) lim=() ;;
  esac
  local out=$work/out.txt m wcl=""
  if [ "${OUTFD:-0}" = 1 ] && [ "$v" = rw -o "$v" = nodet ]; then
    rm -f "$work/wc.txt"
    # fd 3 of the program: a pipe into wc; measure's own line: fd 4, captured
    m=$( { env "${envs[@]}" RACEWAY_OUTPUT=/proc/self/fd/3 "$work/measure" -t "$TIMEOUT" \
             "${lim[@]}" -o "$out" -- "$work/$bin" "$@" 3>&1 1>&4 4>&- |
           wc -lc > "$work/wc.txt"; } 4>&1 )
    read -r l c < "$work/wc.txt" && wcl="lines=$l bytes=$c"
  else
    m=$(env "${envs[@]}" "$work/measure" -t "$TIMEOUT" "${lim[@]}" -o "$out" -- \
          "$work/$bin" "$@")
  fi
  local prog counts races
  prog=$(tr '\n' ' ' < "$out")
  counts=$(sed -n 's/^raceway: \([0-9]*\) events: \([0-9]*\) delivered, \([0-9]*\) dropped.*/produced=\1 delivered=\2 dropped=\3/p' \
           "$out.err" | tail -1)
  races=$(sed -n 's/^Raceway: \([0-9]*\) data race.*/\1/p' "$out.err" | tail -1)
  echo "$m $prog $counts $wcl races=${races:-0}" >> "$work/res/$b.$v"
}

# interleave BENCH "VARIANTS" ARGS...: REPS rounds of every variant in turn.
interleave() {
  local b=$1 vs=$2; shift 2
  local r v
  for r in $(seq "$REPS"); do
    for v in $vs; do run1 "$b" "$v" "$@"; done
  done
}

vals() { [ -f "$work/res/$1.$2" ] && sed -n "s/.*\\b$3=\\([^ ]*\\).*/\\1/p" "$work/res/$1.$2"; }
# median of the numbers on stdin (mean of the middle two for an even count)
median() { sort -g | awk '{v[NR]=$1} END {if (!NR) print "nan"; else if (NR % 2) print v[(NR+1)/2];
  else print (v[NR/2] + v[NR/2+1]) / 2}'; }
# fmt NUMBER: 3 significant digits, no exponent for ordinary values
fmt() { awk -v x="$1" 'BEGIN { if (x == "" || x == "nan") { print "n/a"; exit }
  a = x < 0 ? -x : x; if (a >= 100) printf "%.0f", x; else if (a >= 10) printf "%.1f", x;
  else if (a >= 1) printf "%.2f", x; else printf "%.3g", x }'; }
# cell BENCH VARIANT KEY: "median [min-max]"
cell() {
  vals "$@" | sort -g | awk '{v[NR]=$1} END {if (!NR) print "nan nan nan";
    else print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), v[1], v[NR]}' | {
    read -r m lo hi; [ "$m" = nan ] && { echo "n/a"; return; }
    echo "$(fmt "$m") [$(fmt "$lo")-$(fmt "$hi")]"; }
}
med() { vals "$@" | median; }
# failed BENCH VARIANT: the non-zero statuses of its runs, if any
failed() {
  local s; s=$(vals "$1" "$2" status | grep -v '^exit:0$' | sort | uniq -c | awk '{printf "%s%sx %s", (NR>1?", ":""), $1, $2}')
  [ -n "$s" ] && echo " **FAILED: $s**"
}
# ratio BENCH VARIANT KEY [BASE]: median of the per-round ratios VARIANT/BASE
# (BASE default plain) with their min-max: rounds are interleaved, so each
# ratio compares runs made at about the same time.
ratio() {
  local b=$1 v=$2 k=$3 base=${4:-plain}
  paste <(vals "$b" "$v" "$k") <(vals "$b" "$base" "$k") |
    awk 'NF == 2 && $2 > 0 {print $1 / $2}' | sort -g |
    awk '{v[NR]=$1} END {if (!NR) print "n/a"; else printf "%.2fx [%.2f-%.2f]\n",
      (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2), v[1], v[NR]}'
}
# noise BENCH VARIANT KEY: (max-min)/median in percent
noise() {
  vals "$@" | sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    if (NR < 2 || m <= 0) print "n/a"; else printf "%.0f%%\n", (v[NR] - v[1]) / m * 100}'
}

# callgrind: total instructions of CMD (all threads).
# cgrun NAME "VAR=VALUE ..." CMD...
cgrun() {
  local f=$work/cg/$1 envs=$2; shift 2
  env $envs valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$f" "$@" >/dev/null 2>"$f.log"
  callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}
# per-unit difference: perunit I1 I2 UNITS
perunit() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN {if (a == "" || b == "") print "nan"; else printf "%.1f\n", (b - a) / n}'; }
# top NAME1 NAME2 UNITS: the functions with the most inclusive instructions
# per unit, as (run 2 - run 1) / UNITS, so start-up and exit cancel.
cgfuncs() {  # "count<TAB>function [object]" for every function of a profile
  callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$work/cg/$1" 2>/dev/null |
    awk '/file:function/ {f = 1; getline; next}
      f && /^ *[0-9,]+ +\( *[0-9.]+%\) / { c = $1; gsub(",", "", c); l = $0;
        sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "", l);
        obj = l; if (!sub(/^.* \[/, "", obj)) obj = ""; sub(/\]$/, "", obj); sub(/.*\//, "", obj);
        fn = l; sub(/ \[.*$/, "", fn); sub(/^[^:]*:/, "", fn);
        print c "\t" fn "\t" obj }'
}
top() {
  awk -F'\t' -v n="$3" 'FNR == 1 {fi++} fi == 1 {a[$2 "\t" $3] += $1; next} {b[$2 "\t" $3] += $1}
    END {for (k in b) {d = (b[k] - a[k]) / n; split(k, p, "\t");
      if (d >= 0.5 && p[2] != "" && p[2] !~ /^ld-linux/ && p[1] !~ /^0x|below main/) printf "%.1f\t%s\t%s\n", d, p[1], p[2]}}' \
    <(cgfuncs "$1") <(cgfuncs "$2") | sort -t$'\t' -k1,1gr | head -18 |
    awk -F'\t' '{printf "| %s | %s | %s |\n", $2, $3, $1}'
}

# --------------------------------------------- 1. tracked access (hot loop) --
echo "== 1. tracked access"
# ns: 1 thread; RACEWAY_SEND=none for the Raceway figure as asked (hook +
# detector); "rw" is the same with every event captured and written
# (ROUND flushes between rounds so the ring has room).
for r in $(seq "$REPS"); do
  run1 hot_loop plain 1 $HOT_ITERS
  run1 hot_loop none 1 $HOT_ITERS
  run1 hot_loop nodet 1 $HOT_ITERS 16384
  run1 hot_loop rw 1 $HOT_ITERS 16384
  run1 hot_loop tsan 1 $HOT_ITERS
  run1 hot_loop lb 1 $HOT_ITERS
  run1 hot_loop lbt 1 $HOT_ITERS
done
declare -A ir
for v in plain none nodet rw lb lbt; do
  bin=hot_loop.rw envs= round=
  case $v in plain|lb|lbt) bin=hot_loop.$v ;; none) envs=RACEWAY_SEND=none ;;
    nodet) envs="RACEWAY_DETECT=0 RACEWAY_SEND=none" ;; rw) round=16384 ;; esac
  a=$(cgrun hot.$v.1 "$envs" "$work/$bin" 1 $CG_N $round)
  b=$(cgrun hot.$v.2 "$envs" "$work/$bin" 1 $((2 * CG_N)) $round)
  ir[hot.$v]=$(perunit "$a" "$b" $((2 * CG_N)))   # 2 accesses per iteration
done

# ------------------------------------------------------ 2. encoding cost --
echo "== 2. encoding"
enc_file=$(cgrun enc.file "" "$work/transport.rw" $CG_N)
enc_none=$(cgrun enc.none RACEWAY_SEND=none "$work/transport.rw" $CG_N)
ir[enc]=$(perunit "$enc_none" "$enc_file" $CG_N)
enc_flusher=$(callgrind_annotate --inclusive=yes "$work/cg/enc.file" 2>/dev/null |
  awk -v n=$CG_N '/:flusher_main / {gsub(",", "", $1); printf "%.1f", $1 / n; exit}')
enc_capture=$(callgrind_annotate --inclusive=yes "$work/cg/enc.file" 2>/dev/null |
  awk -v n=$CG_N '/:__raceway_write / {gsub(",", "", $1); printf "%.1f", $1 / n; exit}')
enc_capture_none=$(callgrind_annotate --inclusive=yes "$work/cg/enc.none" 2>/dev/null |
  awk -v n=$CG_N '/:__raceway_write / {gsub(",", "", $1); printf "%.1f", $1 / n; exit}')
# bytes per event of this stream
RACEWAY_OUTPUT="$work/enc.jsonl" "$work/transport.rw" $CG_N >/dev/null 2>&1
enc_bpe=$(awk -v c="$(wc -c < "$work/enc.jsonl")" -v l="$(wc -l < "$work/enc.jsonl")" 'BEGIN {printf "%.0f", c / l}')
rm -f "$work/enc.jsonl"

# ----------------------------------------------------------- 3. lock pair --
echo "== 3. lock pair"
interleave lockpair "plain none nodet rw tsan lb lbt" $LP_PAIRS
for v in plain none rw lb lbt; do
  bin=lockpair.rw envs=
  case $v in plain|lb|lbt) bin=lockpair.$v ;; none) envs=RACEWAY_SEND=none ;; esac
  a=$(cgrun lp.$v.1 "$envs" "$work/$bin" $CG_N)
  b=$(cgrun lp.$v.2 "$envs" "$work/$bin" $((2 * CG_N)))
  ir[lp.$v]=$(perunit "$a" "$b" $CG_N)
done

# ------------------------------------------- 4-6. KV, hashing, FIFO ------
echo "== 4. kvstore"
interleave kvstore "plain rw auto none nodet tsan lb lbt plain2" 2 $KV_OPS
echo "== 5. hashing"
interleave hashing "plain rw auto none nodet tsan lb lbt plain2" 2 $HASH_BLOCKS
echo "== 6. fifo"
interleave fifo "plain rw none nodet tsan lb lbt" $FIFO_ITEMS

# -------------------------------------------------------------- 7. scale --
echo "== 7. scale"
# (scale16/256/1000: the same binary under other names)
for n in 16 256 1000; do
  for s in plain rw tsan lb lbt; do ln -sf "scale.$s" "$work/scale$n.$s"; done
done
REPS_SAVE=$REPS; REPS=$SCALE_REPS
for n in 16 256 1000; do
  OUTFD=1 interleave scale$n "plain rw none tsan" $n $((SCALE_TOTAL / n))
done
OUTFD=1 interleave churn "plain rw none tsan" $CHURN 8
REPS=$REPS_SAVE

# ------------------------------------------------- 8. untracked code -----
echo "== 8. untracked code"
"${PLAIN[@]}" -c "$here/untracked.c" -o "$work/untracked.plain.o"
"${RW[@]}" -c "$here/untracked.c" -o "$work/untracked.rw.o"
dis() { objdump -d --no-show-raw-insn "$1" | tail -n +3; }
if cmp -s <(dis "$work/untracked.plain.o") <(dis "$work/untracked.rw.o"); then
  same_code=identical
else
  same_code="DIFFERENT ($(diff <(dis "$work/untracked.plain.o") <(dis "$work/untracked.rw.o") | grep -c '^[<>]') lines)"
fi
if [ "$QUICK" = 1 ]; then
  ir_plain="skipped (QUICK=1)" ir_nort="skipped" ir_rw="skipped"
else
  "$CC" "$work/untracked.plain.o" -o "$work/untracked.plain" -lpthread
  "$CC" "$work/untracked.rw.o" -o "$work/untracked.nort" -lpthread
  "$CC" "$work/untracked.rw.o" -o "$work/untracked.rw" "${RWLIBS[@]}"
  ir_plain=$(cgrun u.plain "" "$work/untracked.plain")
  ir_nort=$(cgrun u.nort "" "$work/untracked.nort")
  ir_rw=$(cgrun u.rw "" "$work/untracked.rw")
  ir_nort="$ir_nort ($(awk -v a="$ir_nort" -v b="$ir_plain" 'BEGIN {printf "%+.2f%%", (a / b - 1) * 100}'))"
  ir_rw="$ir_rw ($(awk -v a="${ir_rw%% *}" -v b="$ir_plain" 'BEGIN {printf "%+.2f%%", (a / b - 1) * 100}'))"
fi

# ------------------------------------------------------- 9. ledger -------
echo "== 9. ledger"
interleave ledger "plain rw none tsan lb" 2 $LEDGER_LINES

# ------------------------------------------------------ 10. transport ----
echo "== 10. transport"
TREPS=3
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" | head -1; }
trep() { for _ in $(seq $TREPS); do "$@" 2>/dev/null | field events_per_s; done | median; }
tr_file=$(trep "$work/transport.rw" $TR_EVENTS)
tr_line=$("$work/transport.rw" $TR_EVENTS 2>/dev/null | tail -1)
tr_none=$(RACEWAY_SEND=none "$work/transport.rw" $TR_EVENTS 2>/dev/null | tail -1)
python3 "$here/ack_sink.py" --port-file "$work/port" --max-seconds 300 &
sink_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
ep=http://127.0.0.1:$(cat "$work/port")
tr_http=$(unset RACEWAY_OUTPUT; RACEWAY_ENDPOINT=$ep trep "$work/transport.rw" $TR_HTTP)
tr_http1k=$(unset RACEWAY_OUTPUT; RACEWAY_ENDPOINT=$ep RACEWAY_BATCH_SIZE=1000 trep "$work/transport.rw" $((2 * TR_HTTP)))
tr_http_line=$(unset RACEWAY_OUTPUT; RACEWAY_ENDPOINT=$ep RACEWAY_BATCH_SIZE=1000 "$work/transport.rw" $((2 * TR_HTTP)) 2>/dev/null | tail -1)
kill "$sink_pid" 2>/dev/null; wait "$sink_pid" 2>/dev/null; sink_pid=

# --------------------------------------------------- 11. compile time ----
if [ "$QUICK" = 1 ]; then
  cc_plain="skipped (QUICK=1)" cc_rw="skipped"
else
  echo "== 11. compile time"
  python3 "$here/gen_large.py" "$work/big.c" "$BIG_FUNCS"
  for r in 1 2 3; do
    "$work/measure" -- "${PLAIN[@]}" -c "$work/big.c" -o "$work/big.plain.o" >> "$work/res/cc.plain"
    "$work/measure" -- "${RW[@]}" -c "$work/big.c" -o "$work/big.rw.o" >> "$work/res/cc.rw"
  done
  cc_plain=$(cell cc plain cpu) cc_rw="$(cell cc rw cpu) ($(ratio cc rw cpu))"
fi

# -------------------------------------------------------- 12. memory -----
echo "== 12. memory"
mem_ev=$(RACEWAY_DEBUG=0 RACEWAY_MAX_BUFFERED=2097152 RACEWAY_FLUSH_INTERVAL_MS=600000 "$work/memory.rw" events 1000000 2>/dev/null)
mem_sh_dense=$(RACEWAY_DEBUG=0 RACEWAY_SEND=none "$work/memory.rw" shadow 100000 2>/dev/null)
mem_sh_big=$(RACEWAY_DEBUG=0 RACEWAY_SEND=none "$work/memory.rw" shadow 500000 2>/dev/null)

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - t_start ))

# ---------------------------------------------------------------- report --
# cpu_row BENCH: the summary cells "Raceway | TSan | lower bound" as ratios
rw_cell() {  # rw_cell BENCH KEY: Raceway all / auto (where run) / none / detector off
  local b=$1 k=$2
  local a=""; [ -f "$work/res/$b.auto" ] && a="default auto $(ratio "$b" auto "$k" | cut -d' ' -f1)$(failed "$b" auto), "
  echo "**$(ratio "$b" rw "$k" | cut -d' ' -f1)**$(failed "$b" rw) (${a}SEND=none $(ratio "$b" none "$k" | cut -d' ' -f1), detector off $(ratio "$b" nodet "$k" | cut -d' ' -f1))"
}
lb_cell() {
  local b=$1 k=$2
  echo "$(ratio "$b" lb "$k" | cut -d' ' -f1) (rdtsc $(ratio "$b" lbt "$k" | cut -d' ' -f1))"
}
mb() { awk -v k="$1" 'BEGIN {if (k == "" || k == "nan") print "n/a"; else printf "%.0f MB", k / 1024}'; }
scale_cell() {  # scale_cell BENCH VARIANT: CPU s, CPU ratio, peak RSS
  local b=$1 v=$2
  local f; f=$(failed "$b" "$v")
  if [ "$v" = plain ]; then
    echo "$(fmt "$(med "$b" plain cpu)") s, $(mb "$(med "$b" plain maxrss_kb)")$f"
  else
    echo "$(ratio "$b" "$v" cpu | cut -d' ' -f1), $(mb "$(med "$b" "$v" maxrss_kb)")$f"
  fi
}
bpe() {  # bytes per event in the output and delivered/dropped, BENCH rw
  local b=$1
  local by li pr de dr ra
  by=$(med "$b" rw bytes) li=$(med "$b" rw lines) pr=$(med "$b" rw produced)
  de=$(med "$b" rw delivered) dr=$(med "$b" rw dropped) ra=$(med "$b" rw races)
  awk -v by="$by" -v li="$li" -v pr="$pr" -v de="$de" -v dr="$dr" -v ra="$ra" 'BEGIN {
    printf "%s B/event; %s produced, %s delivered, %s dropped", (li > 0 ? sprintf("%.0f", by / li) : "n/a"), pr, de, dr;
    if (ra > 0) printf "; **%s races reported** (false: the program is race-free)", ra }'
}
races_note() {  # any race reported by a Raceway or TSan variant of a race-free program
  local b v r out=""
  for b in hot_loop lockpair kvstore hashing fifo scale16 scale256 scale1000 churn ledger; do
    for v in rw auto none nodet tsan; do
      r=$(vals "$b" "$v" races | awk '$1 > 0 {n++} END {print n + 0}')
      [ "$r" -gt 0 ] && out="$out $b/$v: $r run(s);"
    done
  done
  echo "${out:- none}"
}
detail_rows() {  # detail_rows BENCH VARIANTS...: one table row per variant
  local b=$1; shift
  local v
  for v in "$@"; do
    [ -f "$work/res/$b.$v" ] || continue
    echo "| $(vname "$v") | $(cell "$b" "$v" cpu) | $(ratio "$b" "$v" cpu) | $(cell "$b" "$v" wall) | $(ratio "$b" "$v" wall) | $(mb "$(med "$b" "$v" maxrss_kb)") | $(counts_cell "$b" "$v")$(failed "$b" "$v") |"
  done
}
counts_cell() {
  local b=$1 v=$2
  case $v in rw|auto|nodet|none) ;; *) echo "-"; return ;; esac
  awk -v pr="$(med "$b" "$v" produced)" -v dr="$(med "$b" "$v" dropped)" -v ra="$(med "$b" "$v" races)" 'BEGIN {
    if (pr == "nan" || pr == "") { printf "-"; } else printf "%s / %s", pr, dr;
    if (ra > 0) printf ", %s races", ra }'
}
vname() {
  case $1 in
    plain) echo "plain -O2" ;; plain2) echo "plain -O2 again (A/A: the noise)" ;;
    rw) echo "Raceway, events to /dev/null" ;;
    auto) echo "Raceway, RACEWAY_SEND=auto (the default), to /dev/null" ;; none) echo "Raceway, RACEWAY_SEND=none" ;;
    nodet) echo "Raceway, RACEWAY_DETECT=0" ;; tsan) echo "TSan" ;;
    lb) echo "lower bound (64 B append)" ;; lbt) echo "lower bound + rdtsc" ;;
  esac
}
TH='| build | CPU s | CPU vs plain | wall s | wall vs plain | peak RSS | events produced / dropped |
|---|---|---|---|---|---|---|'

# RACEWAY_REV: what the build is (default: the source tree's commit)
rev=${RACEWAY_REV:-commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD -- runtime pass include 2>/dev/null || echo " with uncommitted changes in runtime/pass/include")}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
report() {
cat <<EOF
# Raceway benchmark results

Generated by \`bench/run.sh\` ($([ "$QUICK" = 1 ] && echo "QUICK=1, ")REPS=$REPS) on $(date -u '+%Y-%m-%d %H:%M UTC')
in $((elapsed / 60)) min $((elapsed % 60)) s of measuring: $(nproc) CPUs, $cpu; load average $load_before before and $load_after after.
Compiler: $("$CC" --version | head -1); valgrind $(valgrind --version | sed 's/valgrind-//').
Raceway (pass and runtime) built in \`$build\` from $rev.

This is a benchmark, not a test: nothing passes or fails on time. Variants run interleaved
(A B C D A B C D ...). A cell is the median over the runs, \`[min-max]\` its spread; a ratio
is the median of the per-round ratios against plain (each round's runs were made back to back),
with their min-max. CPU = user+sys of the process from wait4 (its threads included);
instructions = callgrind, deterministic (differences of two run lengths, so start-up cancels).
The machine is a shared 2-core VM: wall time moves 2-5x with the load of other processes, CPU
time much less (see Noise); trust instruction counts, then CPU ratios, then wall.

## Summary

| what | plain | Raceway | TSan | lower bound |
|---|---|---|---|---|
| tracked access, ns (1 thread; Raceway: SEND=none, detector on) | $(fmt "$(med hot_loop plain ns_per_access)") | **$(fmt "$(med hot_loop none ns_per_access)")** (events written: $(fmt "$(med hot_loop rw ns_per_access)"), detector off: $(fmt "$(med hot_loop nodet ns_per_access)")) | $(fmt "$(med hot_loop tsan ns_per_access)") | $(fmt "$(med hot_loop lb ns_per_access)") (rdtsc $(fmt "$(med hot_loop lbt ns_per_access)")) |
| tracked access, instructions (callgrind) | $(fmt "${ir[hot.plain]}") | **$(fmt "${ir[hot.none]}")** (events captured and encoded, whole process: $(fmt "${ir[hot.rw]}"); hook only, detector off: $(fmt "${ir[hot.nodet]}")) | n/a (no valgrind) | $(fmt "${ir[hot.lb]}") (rdtsc $(fmt "${ir[hot.lbt]}")) |
| lock/unlock pair, no annotation, instructions | $(fmt "${ir[lp.plain]}") | **$(fmt "${ir[lp.rw]}")** (SEND=none $(fmt "${ir[lp.none]}")) | n/a | $(fmt "${ir[lp.lb]}") (rdtsc $(fmt "${ir[lp.lbt]}")) |
| lock/unlock pair, ns | $(fmt "$(med lockpair plain ns_per_pair)") | **$(fmt "$(med lockpair rw ns_per_pair)")** (SEND=none $(fmt "$(med lockpair none ns_per_pair)")) | $(fmt "$(med lockpair tsan ns_per_pair)") | $(fmt "$(med lockpair lb ns_per_pair)") (rdtsc $(fmt "$(med lockpair lbt ns_per_pair)")) |
| JSON encoding + write, instructions/event (file sink /dev/null minus SEND=none) | - | **$(fmt "${ir[enc]}")** (flusher thread: $(fmt "$enc_flusher"); $enc_bpe B/event) | - | - |
| KV store, CPU ratio (2 threads, 5 tracked counters/stripe) | 1.00 | $(rw_cell kvstore cpu) | $(ratio kvstore tsan cpu | cut -d' ' -f1) | $(lb_cell kvstore cpu) |
| hashing, CPU ratio (3 tracked updates per 64 KiB block) | 1.00 | $(rw_cell hashing cpu) | $(ratio hashing tsan cpu | cut -d' ' -f1) | $(lb_cell hashing cpu) |
| lock-free FIFO, CPU ratio | 1.00 | $(rw_cell fifo cpu) | $(ratio fifo tsan cpu | cut -d' ' -f1) | $(lb_cell fifo cpu) |
| lock-free FIFO, wall ratio | 1.00 | $(rw_cell fifo wall) | $(ratio fifo tsan wall | cut -d' ' -f1) | $(lb_cell fifo wall) |
| scale, 16 threads: CPU ratio, peak RSS | $(scale_cell scale16 plain) | **$(scale_cell scale16 rw)** (SEND=none $(scale_cell scale16 none)); $(bpe scale16) | $(scale_cell scale16 tsan) | - |
| scale, 256 threads | $(scale_cell scale256 plain) | **$(scale_cell scale256 rw)** (SEND=none $(scale_cell scale256 none)); $(bpe scale256) | $(scale_cell scale256 tsan) | - |
| scale, 1000 threads | $(scale_cell scale1000 plain) | **$(scale_cell scale1000 rw)** (SEND=none $(scale_cell scale1000 none)); $(bpe scale1000) | $(scale_cell scale1000 tsan) | - |
| $CHURN short-lived threads, 8 at a time | $(scale_cell churn plain) | **$(scale_cell churn rw)** (SEND=none $(scale_cell churn none)); $(bpe churn) | $(scale_cell churn tsan) | - |

Raceway, unless a cell says otherwise: detector on, every event encoded and written to
/dev/null by the file sink (RACEWAY_SEND=all; the default, auto, turns to races only after 100,000). "SEND=none": detector on, nothing
captured or sent. "detector off": RACEWAY_DETECT=0, events written. Lower bound: the same
instrumented program linked to \`lowerbound.c\` instead of libraceway (one call appending a
64-byte record to a thread-local 64 KiB buffer per access and per lock/unlock, sequence
number or rdtsc as the stamp). Scale rows: $SCALE_REPS run(s) each; events written to a pipe
counted by wc; "dropped" is from the runtime's exit line (RACEWAY_DEBUG=1).

Races reported on these race-free programs (a false positive wherever it appears):$(races_note)

## Noise

Spread of the plain build's CPU time over its $REPS runs ((max-min)/median): KV $(noise kvstore plain cpu),
hashing $(noise hashing plain cpu), lock pair ns $(noise lockpair plain ns_per_pair), hot loop ns
$(noise hot_loop plain ns_per_access). A/A check, the plain build run twice per round as two
variants: KV $(ratio kvstore plain2 cpu), hashing $(ratio hashing plain2 cpu) (1.00x is no
difference; the range is what noise alone does to a ratio). Wall-time spread of the same runs:
KV $(noise kvstore plain wall), hashing $(noise hashing plain wall). Linux accounts CPU time
precisely in total (user+sys), the split between user and sys only by sampling. Instruction
counts do not vary between runs.

## 1. Tracked access (\`hot_loop.c\`, 1 thread, $HOT_ITERS iterations x 2 accesses)

| build | ns per access | instructions per access |
|---|---|---|
| plain -O2 (the loop itself) | $(cell hot_loop plain ns_per_access) | $(fmt "${ir[hot.plain]}") |
| Raceway, SEND=none (hook + detector) | $(cell hot_loop none ns_per_access) | $(fmt "${ir[hot.none]}") |
| Raceway, SEND=none, RACEWAY_DETECT=0 (hook only) | - | $(fmt "${ir[hot.nodet]}") |
| Raceway, detector off, events captured (rounds fit the ring) | $(cell hot_loop nodet ns_per_access) | - |
| Raceway, detector on, events captured and written (rounds fit the ring; instructions: whole process, flusher included) | $(cell hot_loop rw ns_per_access) | $(fmt "${ir[hot.rw]}") |
| TSan | $(cell hot_loop tsan ns_per_access) | n/a |
| lower bound | $(cell hot_loop lb ns_per_access) | $(fmt "${ir[hot.lb]}") |
| lower bound + rdtsc | $(cell hot_loop lbt ns_per_access) | $(fmt "${ir[hot.lbt]}") |

ns from the program's own clock around the loop; instructions: callgrind over all threads,
(run of $((2 * CG_N)) iterations - run of $CG_N) / $((2 * CG_N)) accesses (includes the
flusher's share when events are captured). The loop also takes a mutex every 1024 iterations.

Where a tracked access goes (Raceway, SEND=none; callgrind inclusive instructions per access:
run of $((2 * CG_N)) iterations minus run of $CG_N, per access; caller and callee both listed; each iteration is one read and one write, so a hook
called once per iteration shows half of its cost per call):

| function | object | instructions per access |
|---|---|---|
$(top hot.none.1 hot.none.2 $((2 * CG_N)))

## 2. Encoding (\`transport.c\`, $CG_N tracked writes, callgrind)

| what | instructions per event |
|---|---|
| file sink to /dev/null minus RACEWAY_SEND=none, whole process | $(fmt "${ir[enc]}") |
| of which the flusher thread (\`flusher_main\`: encode, batch, write) | $(fmt "$enc_flusher") |
| \`__raceway_write\` on the application thread, events captured | $(fmt "$enc_capture") |
| \`__raceway_write\` on the application thread, SEND=none | $(fmt "$enc_capture_none") |

Output: $enc_bpe bytes per event (one JSON line each). The difference includes capturing the
event into the ring (RACEWAY_SEND=none captures nothing), hence the two hook rows.

Where an event goes (file sink minus SEND=none, per event; inclusive, callers and callees
both listed):

| function | object | instructions per event |
|---|---|---|
$(top enc.none enc.file $CG_N)

## 3. Lock/unlock pair (\`lockpair.c\`: no annotation, 1 thread, $LP_PAIRS pairs)

| build | ns per pair | instructions per pair |
|---|---|---|
| plain -O2 | $(cell lockpair plain ns_per_pair) | $(fmt "${ir[lp.plain]}") |
| Raceway (interceptors, events to /dev/null) | $(cell lockpair rw ns_per_pair) | $(fmt "${ir[lp.rw]}") |
| Raceway, SEND=none | $(cell lockpair none ns_per_pair) | $(fmt "${ir[lp.none]}") |
| Raceway, RACEWAY_DETECT=0 | $(cell lockpair nodet ns_per_pair) | - |
| TSan | $(cell lockpair tsan ns_per_pair) | n/a |
| lower bound (interposed lock/unlock, 2 appends) | $(cell lockpair lb ns_per_pair) | $(fmt "${ir[lp.lb]}") |
| lower bound + rdtsc | $(cell lockpair lbt ns_per_pair) | $(fmt "${ir[lp.lbt]}") |

Where a lock pair goes (Raceway, events to /dev/null; callgrind inclusive instructions per
pair: run of $((2 * CG_N)) pairs minus run of $CG_N, per pair):

| function | object | instructions per pair |
|---|---|---|
$(top lp.rw.1 lp.rw.2 $CG_N)

## 4. Key-value store (\`kvstore.c\`: 2 threads x $KV_OPS operations, 16 stripes)

$TH
$(detail_rows kvstore plain plain2 rw auto none nodet tsan lb lbt)

## 5. Hashing (\`hashing.c\`: 2 threads x $HASH_BLOCKS blocks of 64 KiB)

$TH
$(detail_rows hashing plain plain2 rw auto none nodet tsan lb lbt)

## 6. Lock-free FIFO (\`fifo.c\`: $FIFO_ITEMS items, 1 producer + 1 consumer, 1024 slots)

$TH
$(detail_rows fifo plain rw none nodet tsan lb lbt)

The plain build moves an item in a few ns, so its CPU time is a few ms and the
ratios have a wide spread; the Raceway and TSan absolute times are the solid figures.

## 7. Scale (\`scale.c\`, \`churn.c\`; limit per run: ${TIMEOUT}s, address space ${MEM_LIMIT_MB} MiB except TSan)

scale N: N threads alive at once, $SCALE_TOTAL locked updates of 16 tracked counters in total;
churn: $CHURN threads, 8 at a time, one locked update each. Raceway runs write their events
to a pipe counted by wc.

| program | build | CPU s | CPU vs plain | wall s | peak RSS | output | status |
|---|---|---|---|---|---|---|---|
$(for b in scale16 scale256 scale1000 churn; do for v in plain rw none tsan; do
  [ -f "$work/res/$b.$v" ] || continue
  o="-"; [ "$v" = rw ] && o=$(bpe "$b"); [ "$v" = none ] && o="$(counts_cell "$b" none)"
  n=$(vname "$v"); [ "$v" = rw ] && n="Raceway, events to a pipe (wc)"
  echo "| $b | $n | $(cell "$b" "$v" cpu) | $(ratio "$b" "$v" cpu) | $(cell "$b" "$v" wall) | $(mb "$(med "$b" "$v" maxrss_kb)") | $o | $(vals "$b" "$v" status | sort | uniq -c | awk '{printf "%s%s", (NR>1?", ":""), $2}') |"
done; done)

## 8. Untracked code (\`untracked.c\`, no annotation)

| check | result |
|---|---|
| objdump -d of the .o, plain vs with the plugin | $same_code |
| instructions, plain (callgrind) | $ir_plain |
| instructions, plugin, libraceway not linked | $ir_nort |
| instructions, plugin + libraceway (interceptors live) | $ir_rw |

The last row includes the runtime's start-up and its pthread interceptors (thread
create/join, one mutex), which a program pays for linking libraceway at all, not for the pass.

## 9. Ledger (\`ledger.c\`: $LEDGER_LINES transactions, 2 threads, 4 tracked fields)

$TH
$(detail_rows ledger plain rw none tsan lb)

## 10. Transport (\`transport.c\`, one producer thread, no drops allowed)

| sink | events/s (median of $TREPS) |
|---|---|
| file, RACEWAY_OUTPUT=/dev/null ($TR_EVENTS events) | $tr_file |
| HTTP, \`ack_sink.py\` on 127.0.0.1, batch 100 (default; $TR_HTTP events) | $tr_http |
| HTTP, batch 1000 ($((2 * TR_HTTP)) events) | $tr_http1k |

Application thread, time per chunk of 1024 tracked writes:
- file sink busy: \`$tr_line\`
- HTTP sink busy (batch 1000): \`$tr_http_line\`
- no transport (RACEWAY_SEND=none): \`$tr_none\`

The HTTP sink is a Python server sharing the CPUs with the producer and the flusher.

## 11. Compile time (\`gen_large.py\`, $BIG_FUNCS functions, 1 in 10 touches tracked state)

| build | CPU s (user+sys, 3 runs) |
|---|---|
| clang -O2 -c | $cc_plain |
| clang -O2 -c + RacewayPass | $cc_rw |

## 12. Memory

| what | measured |
|---|---|
| per buffered event | \`$mem_ev\` |
| shadow, 100k dense tracked addresses | \`$mem_sh_dense\` |
| shadow, 500k dense tracked addresses | \`$mem_sh_big\` |
EOF
}
# The soak section (bench/soak.sh, measured separately) is kept.
soak=$(sed -n '/^## Banking demo soak/,$p' "$here/RESULTS.md" 2>/dev/null || true)
{ report; [ -z "$soak" ] || printf '\n%s\n' "$soak"; } > "$here/RESULTS.md"
cat "$here/RESULTS.md"
