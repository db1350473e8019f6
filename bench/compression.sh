#!/usr/bin/env bash
# pg_dump's compression methods against each other on the rental shop's database
# (bench/shop.sql), interleaved round by round: each method's dump time, the machine's busy CPU
# seconds for it, the archive's size, and the time to read the archive back (pg_restore -f
# /dev/null: decompressing and parsing it, no server), which a restore pays too.
# Usage: bench/compression.sh [--scale N] [--rounds R]   (defaults: 10, 5)
#
# With pg_dump 16 or newer: gzip at levels 6 (pg_dump's default) and 1, lz4, zstd at levels 1
# and 3 (zstd's own default); with an older pg_dump, the two gzip levels only. This is the
# measurement behind backup.compression: auto (docs/operations.md, "Speed"). The report also
# goes to bench/out/compression-<date>.txt.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=10; ROUNDS=5
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R]" >&2; exit 2;; esac; done
case "$SCALE" in ''|*[!0-9]*|0) echo "bench: --scale takes a whole number > 0" >&2; exit 2;; esac
case "$ROUNDS" in ''|*[!0-9]*|0) echo "bench: --rounds takes a whole number > 0" >&2; exit 2;; esac
source "$REPO/bench/cluster.sh"
trap 'exit 130' INT; trap 'exit 143' TERM
REPORT_NAME=compression; source "$REPO/bench/shop-rounds.sh"

make_shop
if [ "$PG_DUMP_MAJOR" -ge 16 ]; then METHODS=(gzip:6 gzip:1 lz4 zstd:1 zstd:3); else METHODS=(6 1); fi

dump() { "$BIN/pg_dump" -Fc "-Z$1" -f "$WORK/dump-$2" shop || fail "pg_dump -Fc -Z$1 failed"; }
read_back() { "$BIN/pg_restore" -f /dev/null "$WORK/dump-$1" || fail "pg_restore of -Z$2 failed"; }

for m in "${!METHODS[@]}"; do dump "${METHODS[m]}" "$m"; done   # warm-up: the page cache

dbsize=$(shop_size)
say "shop database, scale $SCALE: $dbsize; $ROUNDS rounds; pg_dump $("$BIN/pg_dump" --version | awk '{print $3}')"
say "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
say ""
declare -A T C R
for i in $(seq "$ROUNDS"); do
  n=${#METHODS[@]}
  # Each round starts one method later, and every other round runs them backwards: no method
  # is always first, and none always follows the same one (whose file the disk may still flush).
  for k in $(seq 0 $((n - 1))); do
    m=$(( (k + i) % n )); [ $((i % 2)) = 0 ] && m=$(( n - 1 - m ))
    t=$(now); b=$(busy); dump "${METHODS[m]}" "$m"; T[$m]+="$(since "$t") "; C[$m]+="$(cpu_since "$b") "
    t=$(now); read_back "$m" "${METHODS[m]}"; R[$m]+="$(since "$t") "
  done
done

fmt='%-8s %8s %8s %8s %12s %9s %9s %9s\n'
say "$(printf "$fmt" '-Z' 'dump/s' 'CPU/s' 'read/s' bytes 'time/def' 'size/def' 'time/gz1')"
# shellcheck disable=SC2086   # the per-method lists are space-separated numbers
for m in "${!METHODS[@]}"; do
  MT[m]=$(median ${T[$m]}); MC[m]=$(median ${C[$m]}); MR[m]=$(median ${R[$m]})
  MB[m]=$(stat -c %s "$WORK/dump-$m")
done
for m in "${!METHODS[@]}"; do
  say "$(printf "$fmt" "${METHODS[m]}" "${MT[m]}" "${MC[m]}" "${MR[m]}" "${MB[m]}" \
    "$(ratio "${MT[m]}" "${MT[0]}")" "$(ratio "${MB[m]}" "${MB[0]}")" "$(ratio "${MT[m]}" "${MT[1]}")")"
done
say ""
say "def = pg_dump's default (gzip level 6), gz1 = gzip level 1; medians of $ROUNDS"
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
say "report: $REPORT"
