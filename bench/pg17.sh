#!/usr/bin/env bash
# Runs one of the benchmarks against PostgreSQL 17, server and tools (as in the Lifeboat image),
# on a machine whose Debian 12 offers PostgreSQL 15 only: inside a Debian 13 (trixie) root made
# with debootstrap. The root shares this machine's kernel, loopback, JDK, Maven repository and
# this checkout (bind-mounted at the same paths), so the figures compare with a run outside it.
# Usage: bench/pg17.sh BENCH [ARGS...]   e.g. bench/pg17.sh ratios.sh --scale 10 --rounds 9
# Needs root and debootstrap (apt-get install -y debootstrap). The root is made once, in
# $LIFEBOAT_PG17_ROOT (default /var/tmp/lifeboat-trixie), and kept for the next run.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
ROOT=${LIFEBOAT_PG17_ROOT:-/var/tmp/lifeboat-trixie}
usage() { echo "usage: $0 BENCH [ARGS...]   (BENCH: one of bench/*.sh, e.g. ratios.sh)" >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in */*|pg17.sh|cluster.sh|shop-rounds.sh) usage;; esac
[ -x "$REPO/bench/$1" ] || usage
[ "$(id -u)" = 0 ] || { echo "bench: $0 needs root (debootstrap, chroot and mount)" >&2; exit 2; }
command -v debootstrap >/dev/null \
  || { echo "bench: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
. "$REPO/.mvn/find-jdk.sh"; lifeboat_find_jdk

if [ ! -x "$ROOT/usr/lib/postgresql/17/bin/pg_dump" ]; then
  echo "bench: making a Debian 13 root with PostgreSQL 17 in $ROOT (a minute)" >&2
  debootstrap --variant=minbase --include=postgresql-17,python3-minimal,time,procps,xz-utils \
    trixie "$ROOT" http://deb.debian.org/debian > "$ROOT.log" 2>&1 \
    || { tail -n 20 "$ROOT.log" >&2; echo "bench: debootstrap failed (log: $ROOT.log)" >&2; exit 1; }
fi

MOUNTED=()
bind() {   # source, then the same path inside the root
  mkdir -p "$ROOT$1"
  mount --rbind "$1" "$ROOT$1" && mount --make-rslave "$ROOT$1" && MOUNTED=("$ROOT$1" "${MOUNTED[@]}")
}
unbind() { local m; for m in "${MOUNTED[@]}"; do umount -R "$m" 2>/dev/null || umount -lR "$m"; done; }
trap unbind EXIT
trap 'exit 130' INT; trap 'exit 143' TERM
mkdir -p "$ROOT/proc" && mount -t proc proc "$ROOT/proc" && MOUNTED=("$ROOT/proc")
bind /dev; bind /sys; bind "$JAVA_HOME"; bind "$REPO"
[ -d "$HOME/.m2" ] && bind "$HOME/.m2"
chroot "$ROOT" env -i HOME="$HOME" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  JAVA_HOME="$JAVA_HOME" "$REPO/bench/$1" "${@:2}"
