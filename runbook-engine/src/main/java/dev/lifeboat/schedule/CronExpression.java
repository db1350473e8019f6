package dev.lifeboat.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.lifeboat.InvalidInputException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A five-field cron expression as people write them in crontab ({@code *}{@code /15 * * * *}),
 * parsed and evaluated by cron-utils, which also knows what a time zone's DST change does to a
 * firing time. Equal when the text is.
 */
public final class CronExpression {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String text;
  private final ExecutionTime execution;

  private CronExpression(String text, Cron cron) {
    this.text = text;
    this.execution = ExecutionTime.forCron(cron);
  }

  /** @throws InvalidInputException with what is wrong and an example */
  public static CronExpression parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    try {
      Cron cron = PARSER.parse(trimmed);
      cron.validate();
      return new CronExpression(trimmed, cron);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("'" + trimmed + "' is not a cron expression ("
          + e.getMessage() + "); write five fields: minute hour day-of-month month day-of-week, "
          + "for example \"0 2 * * *\" (daily at 02:00) or \"*/15 * * * *\"");
    }
  }

  /**
   * The newest firing time at or before {@code now}, in {@code zone}.
   *
   * <p>Two readings are combined. In real time (cron-utils' own, zoned): an hourly or
   * quarter-hourly schedule keeps its pace when clocks go back. On the wall clock: a daily time
   * that the spring change skips (02:30 on the night clocks jump from 02:00 to 03:00) still fires
   * that day, as late as the jump (03:30), instead of being lost. A repeated wall time fires once.
   */
  public Optional<Instant> latestAtOrBefore(Instant now, ZoneId zone) {
    Optional<ZonedDateTime> z = atOrBefore(now.atZone(zone));
    for (int i = 0; i < 4 && z.isPresent() && repeatedWallTime(z.get()); i++) {
      z = execution.lastExecution(z.get());
    }
    Optional<Instant> zoned = z.map(ZonedDateTime::toInstant);
    Optional<Instant> wall = wallAtOrBefore(now, zone);
    return later(zoned, wall);
  }

  /** The first firing time after {@code now}, in {@code zone}; see {@link #latestAtOrBefore}. */
  public Optional<Instant> nextAfter(Instant now, ZoneId zone) {
    Optional<ZonedDateTime> z = execution.nextExecution(now.atZone(zone));
    for (int i = 0; i < 4 && z.isPresent() && repeatedWallTime(z.get()); i++) {
      z = execution.nextExecution(z.get());
    }
    Optional<Instant> zoned = z.map(ZonedDateTime::toInstant);
    Optional<Instant> wall = wallAfter(now, zone);
    if (zoned.isEmpty() || wall.isEmpty()) {
      return zoned.isPresent() ? zoned : wall;
    }
    return Optional.of(zoned.get().isBefore(wall.get()) ? zoned.get() : wall.get());
  }

  private Optional<ZonedDateTime> atOrBefore(ZonedDateTime at) {
    ZonedDateTime whole = at.withNano(0);
    if (whole.getSecond() == 0 && execution.isMatch(whole)) {
      return Optional.of(whole);
    }
    return execution.lastExecution(at);
  }

  /**
   * Whether a firing is the second pass of a wall time the autumn change repeats, for an
   * expression that is not hourly at this minute: a daily 02:30 fires at the first 02:30 only,
   * while an hourly or quarter-hourly one keeps firing by real time.
   */
  private boolean repeatedWallTime(ZonedDateTime firing) {
    if (firing.withEarlierOffsetAtOverlap().equals(firing)) {
      return false;
    }
    ZonedDateTime hourBefore = firing.toLocalDateTime().minusHours(1).atZone(ZoneOffset.UTC);
    return !execution.isMatch(hourBefore);
  }

  /** Evaluates the expression on local wall time, then places the result in the zone. */
  private Optional<Instant> wallAtOrBefore(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone).toLocalDateTime().atZone(ZoneOffset.UTC);
    Optional<ZonedDateTime> candidate = atOrBefore(local);
    for (int i = 0; i < 4 && candidate.isPresent(); i++) {
      Instant placed = place(candidate.get(), zone);
      if (!placed.isAfter(now)) {
        return Optional.of(placed);
      }
      candidate = execution.lastExecution(candidate.get());
    }
    return Optional.empty();
  }

  private Optional<Instant> wallAfter(Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone).toLocalDateTime().atZone(ZoneOffset.UTC);
    Optional<ZonedDateTime> candidate = execution.nextExecution(local);
    for (int i = 0; i < 4 && candidate.isPresent(); i++) {
      Instant placed = place(candidate.get(), zone);
      if (placed.isAfter(now)) {
        return Optional.of(placed);
      }
      candidate = execution.nextExecution(candidate.get());
    }
    return Optional.empty();
  }

  /** A wall time in the zone: in a gap it moves forward by the gap, in an overlap it is the first. */
  private static Instant place(ZonedDateTime wall, ZoneId zone) {
    return ZonedDateTime.ofLocal(wall.toLocalDateTime(), zone, null).toInstant();
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() ? a : b;
    }
    return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
  }

  public String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronExpression c && c.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
