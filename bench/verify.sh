#!/usr/bin/env bash
# Lifeboat's /verify against plain pg_restore of the same artifact into a fresh database.
# Usage: bench/verify.sh [--scale N] [--rounds R]      (defaults: scale 20, 3 rounds)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
SCALE=20; ROUNDS=3
while [ $# -gt 0 ]; do case "$1" in
  --scale) SCALE=$2; shift 2;; --rounds) ROUNDS=$2; shift 2;;
  *) echo "usage: $0 [--scale N] [--rounds R]" >&2; exit 2;; esac; done
source "$REPO/bench/cluster.sh"

"$BIN/createdb" bench
"$BIN/pgbench" -q -i -s "$SCALE" bench >/dev/null 2>&1
write_config bench
"$REPO/lifeboat" backup now --target bench --config "$WORK/lifeboat.yaml" >/dev/null 2>&1
artifact=$(ls "$WORK"/store/bench/*/backup.pgdump | head -1)

# The whole /verify as a person sees it: JVM start, checksum, table of contents, restore into a
# scratch database (pg_restore --jobs 2), row counts, checks, migrations, drop.
verify_run() { local s; s=$(date +%s.%N); printf '/verify latest\n' | "$REPO/lifeboat" console \
  --config "$WORK/lifeboat.yaml" --user bench >/dev/null 2>&1; awk -v a="$(date +%s.%N)" -v b="$s" 'BEGIN {print a - b}'; }
# Plain: a fresh database and pg_restore, as a DBA would test by hand (serial, and with -j 2).
restore_run() { local s; s=$(date +%s.%N); "$BIN/createdb" plain
  "$BIN/pg_restore" --no-owner --no-privileges "$@" -d plain "$artifact"; awk -v a="$(date +%s.%N)" -v b="$s" 'BEGIN {print a - b}'
  "$BIN/dropdb" plain; }

verify_run >/dev/null; restore_run >/dev/null   # warm-up
V=(); P=(); J=()
for i in $(seq "$ROUNDS"); do
  v=$(verify_run); p=$(restore_run); j=$(restore_run --jobs=2)
  V+=("$v"); P+=("$p"); J+=("$j")
  printf 'round %d: lifeboat verify %.2fs  pg_restore %.2fs  pg_restore -j2 %.2fs\n' "$i" "$v" "$p" "$j"
done
# Warm: the same verifications inside one running Lifeboat (as the chat bot runs them).
W=($(for i in $(seq "$ROUNDS"); do echo /verify latest; done | "$REPO/lifeboat" console \
  --config "$WORK/lifeboat.yaml" --user bench 2>/dev/null \
  | awk '/verify of bench succeeded after/ {v=$(NF-1); u=$NF; print (u=="ms" ? v/1000 : v)}'))
mv=$(median "${V[@]}"); mp=$(median "${P[@]}"); mj=$(median "${J[@]}")
mkdir -p "$REPO/bench/out"
{
  echo "pgbench scale $SCALE, artifact $(stat -c %s "$artifact") bytes, $ROUNDS rounds"
  echo "median seconds: lifeboat /verify $mv | createdb + pg_restore $mp | createdb + pg_restore -j2 $mj"
  echo "ratio verify / plain pg_restore: $(ratio "$mv" "$mp")"
  echo "warm (inside a running Lifeboat) median seconds $(median "${W[@]}"): ratio to pg_restore $(ratio "$(median "${W[@]}")" "$mp"), to pg_restore -j2 $(ratio "$(median "${W[@]}")" "$mj")"
  echo "ratio verify / pg_restore -j2 (same parallelism): $(ratio "$mv" "$mj")"
} | tee "$REPO/bench/out/verify-$(date +%Y%m%d-%H%M%S).txt"
