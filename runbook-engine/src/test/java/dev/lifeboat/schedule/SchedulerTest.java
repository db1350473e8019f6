package dev.lifeboat.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.TargetBusyException;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler against the real (embedded) state database, stepped by hand: the starter only
 * records which slots it was asked to run, standing in for the run engine.
 */
class SchedulerTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:07:00Z"));
  private final List<Instant> started = new ArrayList<>();
  private boolean busy;
  private StateDatabase state;

  private final Scheduler.Starter starter = (schedule, slot) -> {
    if (busy) {
      throw new TargetBusyException("shop is busy: r1 (backup)");
    }
    started.add(slot);
    return new RunInfo(started.size(), "backup", "shop", "schedule", Origin.of("schedule"),
        Map.of(), clock.instant());
  };

  @BeforeEach
  void open() {
    state = StateDatabase.open(StateSettings.embedded(dir.resolve("state/lifeboat")));
  }

  @AfterEach
  void close() {
    state.close();
  }

  private Scheduler scheduler(String cron) {
    Schedule schedule = new Schedule("shop", ScheduleKind.BACKUP, CronExpression.parse(cron),
        ZoneId.of("UTC"));
    return new Scheduler(List.of(schedule), new FiringClaims(state), starter, clock, "test");
  }

  @Test
  void aNewScheduleWaitsForItsNextSlotThenFiresEveryQuarterHour() {
    Scheduler scheduler = scheduler("*/15 * * * *");
    scheduler.tick();
    assertThat(started).isEmpty(); // 10:00 passed before Lifeboat knew the schedule

    clock.advance(Duration.ofMinutes(7)); // 10:14
    scheduler.tick();
    assertThat(started).isEmpty();

    clock.advance(Duration.ofMinutes(1)); // 10:15
    scheduler.tick();
    scheduler.tick(); // a second tick in the same slot does nothing more
    assertThat(started).containsExactly(Instant.parse("2026-11-23T10:15:00Z"));

    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMinutes(15));
      scheduler.tick();
    }
    assertThat(started).hasSize(5).last().isEqualTo(Instant.parse("2026-11-23T11:15:00Z"));
  }

  @Test
  void afterDowntimeTheMissedSlotsFireOnceAtStart() {
    scheduler("*/15 * * * *").tick();
    clock.advance(Duration.ofMinutes(8));
    scheduler("*/15 * * * *").tick();
    assertThat(started).hasSize(1);

    // Lifeboat is down for five hours: twenty slots pass unseen.
    clock.advance(Duration.ofHours(5));
    Scheduler restarted = scheduler("*/15 * * * *");
    restarted.tick();
    restarted.tick();
    assertThat(started).hasSize(2).last().isEqualTo(Instant.parse("2026-11-23T15:15:00Z"));
  }

  @Test
  void aBusyTargetLeavesTheFiringDueForTheNextTick() {
    Scheduler scheduler = scheduler("0 2 * * *");
    scheduler.tick();
    clock.advance(Duration.ofHours(16)); // 02:07 the next day
    busy = true;
    scheduler.tick();
    assertThat(started).isEmpty();

    busy = false;
    clock.advance(Duration.ofSeconds(15));
    scheduler.tick();
    scheduler.tick();
    assertThat(started).containsExactly(Instant.parse("2026-11-24T02:00:00Z"));
  }

  @Test
  void aRunThatCannotStartSkipsItsSlotAndTheNextSlotFiresAgain() {
    Scheduler broken = new Scheduler(scheduler("*/15 * * * *").schedules(), new FiringClaims(state),
        (schedule, slot) -> {
          throw new IllegalStateException("runbook missing");
        }, clock, "test");
    broken.tick();
    clock.advance(Duration.ofMinutes(8));
    assertThat(broken.tick()).singleElement().satisfies(f ->
        assertThat(f.skipped()).contains("runbook missing"));
    clock.advance(Duration.ofMinutes(15));
    scheduler("*/15 * * * *").tick();
    assertThat(started).containsExactly(Instant.parse("2026-11-23T10:30:00Z"));
  }

  @Test
  void aSlotTakenByAnInstanceThatDiedIsGivenBackAfterFiveMinutes() {
    Scheduler scheduler = scheduler("0 2 * * *");
    scheduler.tick();
    clock.advance(Duration.ofHours(16)); // 02:07
    Schedule schedule = scheduler.schedules().get(0);
    FiringClaims claims = new FiringClaims(state);
    Instant slot = Instant.parse("2026-11-24T02:00:00Z");
    // Another instance recorded and took the slot, then died before starting the run.
    claims.record(schedule, slot, FiringClaims.State.DUE, "dead", clock.instant());
    claims.move(schedule, slot, FiringClaims.State.DUE, FiringClaims.State.TAKEN, "dead",
        Optional.empty(), Optional.empty(), clock.instant());
    scheduler.tick();
    assertThat(started).isEmpty();

    clock.advance(Duration.ofMinutes(6));
    scheduler.tick();
    assertThat(started).containsExactly(slot);
  }

  @Test
  void nextNamesTheComingFiring() {
    assertThat(scheduler("0 2 * * *").next("shop")).hasValueSatisfying(n ->
        assertThat(n.at()).isEqualTo(Instant.parse("2026-11-24T02:00:00Z")));
  }
}
