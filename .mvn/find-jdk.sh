# Sourced by ./mvnw, ./lifeboat and .ci/run: makes JAVA_HOME point at a JDK 21 or newer.
# Order: JAVA_HOME when it is new enough, then the java on PATH, then the JDKs installed under
# /usr/lib/jvm (newest first). The machines' default JDK is 17, so the search usually matters.
lifeboat_java_major() {
  # prints the feature version of the java binary $1 (17, 21, 25...), or nothing. The JDK's
  # release file says it without starting a JVM (about 40 ms each, and the search may try
  # several, on every ./lifeboat command); a JDK without one is asked. Read with the shell's
  # own words, no sed or dirname: each program started costs milliseconds, on every command.
  _bin=${1%/*}
  _release=${_bin%/*}/release
  if [ -f "$_release" ]; then
    while IFS= read -r _line || [ -n "$_line" ]; do
      case $_line in
        JAVA_VERSION=\"[0-9]*)
          _rv=${_line#JAVA_VERSION=\"}
          echo "${_rv%%[!0-9]*}"
          return 0 ;;
      esac
    done < "$_release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

lifeboat_find_jdk() {
  _min=21
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    _v=$(lifeboat_java_major "$JAVA_HOME/bin/java")
    [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && return 0
  fi
  _javac=$(command -v javac 2>/dev/null || true)
  if [ -n "$_javac" ]; then
    _home=$(dirname "$(dirname "$(readlink -f "$_javac")")")
    _v=$(lifeboat_java_major "$_home/bin/java")
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ]; then JAVA_HOME=$_home; export JAVA_HOME; return 0; fi
  fi
  _best=; _bestv=0
  case $- in *f*) _lb_noglob=1; set +f ;; *) _lb_noglob= ;; esac   # mvnw runs with globbing off
  for _home in /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/*; do
    [ -x "$_home/bin/javac" ] || continue
    [ -L "$_home" ] && continue
    _v=$(lifeboat_java_major "$_home/bin/java")
    if [ -n "$_v" ] && [ "$_v" -ge "$_min" ] && [ "$_v" -gt "$_bestv" ]; then _best=$_home; _bestv=$_v; fi
  done
  [ -n "$_lb_noglob" ] && set -f
  if [ -n "$_best" ]; then JAVA_HOME=$_best; export JAVA_HOME; return 0; fi
  echo "Lifeboat needs a JDK 21 or newer and found none (JAVA_HOME, PATH, /usr/lib/jvm)." >&2
  echo "Install one, for example: apt-get install openjdk-21-jdk-headless (or Temurin 21/25), or set JAVA_HOME." >&2
  return 1
}
