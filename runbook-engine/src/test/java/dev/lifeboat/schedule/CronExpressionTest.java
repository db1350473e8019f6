package dev.lifeboat.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Firing times as people expect them, also on the nights the clocks change. */
class CronExpressionTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void everyQuarterHourFiresOnTheQuarter() {
    CronExpression cron = CronExpression.parse("*/15 * * * *");
    assertThat(cron.latestAtOrBefore(Instant.parse("2026-11-23T10:07:30Z"), BERLIN))
        .contains(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(cron.latestAtOrBefore(Instant.parse("2026-11-23T10:15:00Z"), BERLIN))
        .contains(Instant.parse("2026-11-23T10:15:00Z"));
    assertThat(cron.nextAfter(Instant.parse("2026-11-23T10:15:00Z"), BERLIN))
        .contains(Instant.parse("2026-11-23T10:30:00Z"));
  }

  @Test
  void aDailyTimeIsReadInTheTargetsTimeZone() {
    CronExpression cron = CronExpression.parse("0 2 * * *");
    // 02:00 in Berlin is 01:00 UTC in winter and 00:00 UTC in summer.
    assertThat(cron.nextAfter(Instant.parse("2026-11-23T12:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-11-24T01:00:00Z"));
    assertThat(cron.nextAfter(Instant.parse("2026-07-01T12:00:00Z"), BERLIN))
        .contains(Instant.parse("2026-07-02T00:00:00Z"));
  }

  @Test
  void aTimeTheSpringChangeSkipsFiresOnceThatDayAndOnTimeTheDayAfter() {
    // On 2026-03-29 Berlin's clocks jump from 02:00 to 03:00: 02:30 does not exist that night.
    CronExpression cron = CronExpression.parse("30 2 * * *");
    Instant before = Instant.parse("2026-03-28T12:00:00Z");
    Instant first = cron.nextAfter(before, BERLIN).orElseThrow();
    Instant second = cron.nextAfter(first, BERLIN).orElseThrow();
    // Moved forward by the gap, to 03:30 CEST, rather than lost for the day.
    assertThat(first).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(second).isEqualTo(Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
    assertThat(cron.latestAtOrBefore(Instant.parse("2026-03-29T01:40:00Z"), BERLIN))
        .contains(first);
    assertThat(cron.latestAtOrBefore(Instant.parse("2026-03-29T01:20:00Z"), BERLIN))
        .contains(Instant.parse("2026-03-28T01:30:00Z")); // 02:30 CET the day before
  }

  @Test
  void aTimeTheAutumnChangeRepeatsFiresOnlyOnce() {
    // On 2026-10-25 Berlin's clocks go back from 03:00 to 02:00: 02:30 happens twice.
    CronExpression cron = CronExpression.parse("30 2 * * *");
    Instant first = cron.nextAfter(Instant.parse("2026-10-24T12:00:00Z"), BERLIN).orElseThrow();
    Instant second = cron.nextAfter(first, BERLIN).orElseThrow();
    assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z")); // 02:30 CEST
    assertThat(second).isEqualTo(Instant.parse("2026-10-26T01:30:00Z")); // next day, CET
    // During the repeated hour the slot already passed counts, not a second 02:30.
    assertThat(cron.latestAtOrBefore(Instant.parse("2026-10-25T01:40:00Z"), BERLIN))
        .contains(first);
  }

  @Test
  void aHourlyScheduleKeepsItsPaceAcrossTheAutumnChange() {
    CronExpression cron = CronExpression.parse("0 * * * *");
    Instant t = Instant.parse("2026-10-24T23:00:00Z");
    for (int i = 0; i < 6; i++) {
      Instant next = cron.nextAfter(t, BERLIN).orElseThrow();
      assertThat(java.time.Duration.between(t, next)).isEqualTo(java.time.Duration.ofHours(1));
      t = next;
    }
  }

  @Test
  void aWrongExpressionSaysHowToWriteOne() {
    assertThatThrownBy(() -> CronExpression.parse("every day"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("five fields");
    assertThatThrownBy(() -> CronExpression.parse("61 * * * *"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("0 2 * * *");
  }
}
