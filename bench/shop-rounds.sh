# Shared by ratios.sh and offsite.sh, sourced after cluster.sh: the report, the timer, the raw
# pg_dump runs on the shop database, and the warm Lifeboat console fed one command at a time.
# Set REPORT_NAME before sourcing; the report goes to bench/out/<REPORT_NAME>-<date>.txt.
mkdir -p "$REPO/bench/out"
REPORT="$REPO/bench/out/$REPORT_NAME-$(date +%Y%m%d-%H%M%S).txt"
: > "$REPORT"
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN {printf "%.3f", a - b}'; }
# CPU seconds this machine spent busy (user, nice, system, irq, softirq; not steal, which is
# other tenants' time) since busy() printed $1: Lifeboat, the tools and the server together.
busy() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8; exit}' /proc/stat; }
cpu_since() { awk -v a="$(busy)" -v b="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", (a - b) / hz}'; }
# median of the ratios a[i] / b[i] of the arrays named $1 and $2 (a round's two sides)
paired() {
  local -n a=$1 b=$2; local i r=()
  for i in "${!a[@]}"; do r+=("$(awk -v x="${a[i]}" -v y="${b[i]}" 'BEGIN {print x / y}')"); done
  printf '%.2f' "$(median "${r[@]}")"
}
fail() { echo "bench: $*" >&2; exit 1; }

# Lifeboat's own compression for this pg_dump (backup.compression: auto): zstd level 1 from
# pg_dump 16, gzip level 1 before it. SAME names the raw side that uses the same flags.
PG_DUMP_MAJOR=$("$BIN/pg_dump" --version | awk '{print int($3)}')
SAME_Z=1; [ "$PG_DUMP_MAJOR" -ge 16 ] && SAME_Z=zstd:1
SAME="pg_dump -Fc -Z$SAME_Z"
# The shop database at --scale, and its size as PostgreSQL prints it.
make_shop() {
  "$BIN/createdb" shop
  "$BIN/psql" -q -v scale="$SCALE" -f "$REPO/bench/shop.sql" shop >/dev/null
}
shop_size() { "$BIN/psql" -qAt -c "SELECT pg_size_pretty(pg_database_size('shop'))" shop; }

same_run() {   # raw pg_dump with Lifeboat's flags
  "$BIN/pg_dump" -Fc "-Z$SAME_Z" -f "$WORK/same" shop || fail "$SAME failed"; }
default_run() {   # what the guides run: gzip level 6
  "$BIN/pg_dump" -Fc -f "$WORK/default" shop || fail "pg_dump -Fc failed"; }

# One console for the whole run, its heap capped at $HEAP (memory stays flat on a database
# several times the heap); sets LB_PID, LB_IN and LB_OUT. With "serve": a serve with its
# console, which also takes the commands handed over from this machine's command line.
start_console() {
  coproc LB { LIFEBOAT_JAVA_OPTS="-Xmx$HEAP ${LIFEBOAT_JAVA_OPTS:-}" exec "$REPO/lifeboat" \
    "${1:-console}" --config "$WORK/lifeboat.yaml" --user bench 2> "$WORK/console.err"; }
  LB_PID=$LB_PID; LB_IN=${LB[1]}; LB_OUT=${LB[0]}
}
# What the console printed meanwhile (a handed run's lines), so warm() reads only its own.
drain_console() {
  local line
  while IFS= read -r -t 0.3 line <&"$LB_OUT"; do printf '%s\n' "$line" >> "$WORK/console.out"; done
  return 0
}
warm() {   # command, what the result line names ("backup"/"verify")
  local line
  printf '%s\n' "$1" >&"$LB_IN"
  while IFS= read -r -t 900 line <&"$LB_OUT"; do
    printf '%s\n' "$line" >> "$WORK/console.out"
    case "$line" in
      *"$2 of bench succeeded after"*) return 0;;
      *"$2 of bench failed"*|*"$2 of bench was cancelled"*|*"$2 of bench interrupted"*)
        fail "warm $1: $line";;
    esac
  done
  fail "warm $1: no result from the console (see $WORK/console.err)"
}
rss_of() { awk -v k="$2:" '$1 == k {print int($2 / 1024)}' "/proc/$1/status"; }   # PID, VmRSS|VmHWM
