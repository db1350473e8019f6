#!/usr/bin/env bash
# Interaction ack latency of the Discord adapter against a bare JDA listener that only defers,
# in the same run: bursts of slash commands dispatched at once through a fake gateway, then
# single commands. Goal: burst p99 within 1.2x of the bare listener's.
# Usage: bench/discord-ack.sh [burst size, default 100] [rounds, default 10]
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
. "$REPO/.mvn/find-jdk.sh"
lifeboat_find_jdk || exit 1
# The benchmark lives with the tests (it uses the fake Discord); build once, outside the timings.
# Within the reactor (-am), so nothing is installed into the local Maven repository.
./mvnw -q -pl bot -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath -Djacoco.skip=true
mkdir -p "$REPO/bench/out"
"$JAVA_HOME/bin/java" -cp "bot/target/test-classes:bot/target/classes:$(cat bot/target/bench.classpath)" \
  -DLIFEBOAT_LOG_LEVEL=WARN dev.lifeboat.bot.discord.DiscordAckBenchmark "$@" \
  | tee "$REPO/bench/out/discord-ack-$(date +%Y%m%d-%H%M%S).txt"
