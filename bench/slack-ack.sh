#!/usr/bin/env bash
# Ack latency of the Slack adapter against a bare Bolt app that only acks, in the same run:
# bursts of slash commands sent at once through a fake Socket Mode server, then single commands.
# Goals: burst p99 within 1.2x of bare Bolt's, a single command acked in < 25 ms.
# Usage: bench/slack-ack.sh [burst size, default 100] [rounds, default 10]
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
# The benchmark lives with the tests (it uses the fake Slack); build once, outside the timings.
mvn -q install -DskipTests
mvn -q -pl bot test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
mkdir -p "$REPO/bench/out"
java -cp "bot/target/test-classes:bot/target/classes:$(cat bot/target/bench.classpath)" \
  -DLIFEBOAT_LOG_LEVEL=WARN dev.lifeboat.bot.slack.SlackAckBenchmark "$@" \
  | tee "$REPO/bench/out/slack-ack-$(date +%Y%m%d-%H%M%S).txt"
