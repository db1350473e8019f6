package dev.lifeboat.schedule;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.TargetBusyException;
import dev.lifeboat.schedule.FiringClaims.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedules. Each {@link #tick()} looks at every schedule once: the newest slot at or
 * before now is recorded in the state database and taken by exactly one instance, which starts
 * the run. Older slots missed while no Lifeboat was running collapse into that one firing. A
 * target that is busy leaves the slot due, so the next tick tries again.
 *
 * <p>Nothing here sleeps or reads the wall clock: {@code serve} calls {@link #tick()} from a
 * timer, tests call it after moving their clock.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** Starts the run a schedule stands for. */
  public interface Starter {
    /**
     * @throws TargetBusyException when the target has a run going: the slot stays due
     * @throws NothingToRun when there is nothing to do (no backup to verify): the slot is skipped
     */
    RunInfo start(Schedule schedule, Instant slot);
  }

  /** What the schedule would do has no object: no backup yet, newest already verified. */
  public static final class NothingToRun extends LifeboatException {
    public NothingToRun(String message) {
      super(message);
    }
  }

  /** What one tick did with one schedule, for logs and tests. */
  public record Fired(Schedule schedule, Instant slot, Optional<RunInfo> run,
      Optional<String> skipped) {}

  /**
   * How long a slot may stay taken without its run starting; starting takes milliseconds, so
   * an older one was taken by an instance that died.
   */
  static final Duration TAKEN_TIMEOUT = Duration.ofMinutes(5);

  private final List<Schedule> schedules;
  private final FiringClaims claims;
  private final Starter starter;
  private final Clock clock;
  private final String instance;

  public Scheduler(List<Schedule> schedules, FiringClaims claims, Starter starter, Clock clock,
      String instance) {
    this.schedules = List.copyOf(schedules);
    this.claims = claims;
    this.starter = starter;
    this.clock = clock;
    this.instance = instance;
  }

  public List<Schedule> schedules() {
    return schedules;
  }

  /** The next firing of a target's schedules, the soonest of them. */
  public Optional<Next> next(String target) {
    Instant now = clock.instant();
    return schedules.stream().filter(s -> s.target().equals(target))
        .flatMap(s -> s.nextAfter(now).map(at -> new Next(s, at)).stream())
        .min(java.util.Comparator.comparing(Next::at));
  }

  /** A schedule's next firing time. */
  public record Next(Schedule schedule, Instant at) {}

  /** Fires what is due; returns the firings this instance started or skipped. */
  public List<Fired> tick() {
    Instant now = clock.instant();
    List<Fired> fired = new java.util.ArrayList<>();
    for (Schedule schedule : schedules) {
      try {
        tick(schedule, now).ifPresent(fired::add);
      } catch (RuntimeException e) {
        // One schedule's trouble (state database hiccup) must not stop the others.
        LOG.warn("Schedule {} could not fire: {}", schedule.describe(), e.getMessage());
      }
    }
    return fired;
  }

  private Optional<Fired> tick(Schedule schedule, Instant now) {
    Optional<Instant> latest = schedule.latestAtOrBefore(now);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Optional<FiringClaims.Slot> newest = claims.newest(schedule);
    if (newest.isEmpty()) {
      // First sight of this schedule: the slot that just passed happened before Lifeboat knew
      // of it, so it is noted, not fired. Otherwise every new schedule would fire at start.
      claims.record(schedule, latest.get(), State.BASELINE, instance, now);
      return Optional.empty();
    }
    Instant slot = newest.get().at();
    if (latest.get().isAfter(slot)) {
      // However many slots passed since, this is the one firing for them.
      claims.record(schedule, latest.get(), State.DUE, instance, now);
      slot = latest.get();
    } else if (newest.get().state() == State.TAKEN
        && newest.get().updatedAt().plus(TAKEN_TIMEOUT).isBefore(now)) {
      // The instance that took it died before starting the run: give the slot back.
      claims.move(schedule, slot, State.TAKEN, State.DUE, instance, Optional.empty(),
          Optional.of("taken by an instance that did not start it"), now);
    } else if (newest.get().state() != State.DUE) {
      return Optional.empty();
    }
    if (!claims.move(schedule, slot, State.DUE, State.TAKEN, instance, Optional.empty(),
        Optional.empty(), now)) {
      return Optional.empty(); // another instance has it
    }
    try {
      RunInfo run = starter.start(schedule, slot);
      claims.move(schedule, slot, State.TAKEN, State.STARTED, instance, Optional.of(run.id()),
          Optional.empty(), now);
      LOG.info("Schedule {} started {}", schedule.describe(), run.ref());
      return Optional.of(new Fired(schedule, slot, Optional.of(run), Optional.empty()));
    } catch (TargetBusyException e) {
      claims.move(schedule, slot, State.TAKEN, State.DUE, instance, Optional.empty(),
          Optional.of(e.getMessage()), now);
      LOG.info("Schedule {} waits: {}", schedule.describe(), e.getMessage());
      return Optional.empty();
    } catch (RuntimeException e) {
      // Whatever went wrong, the slot must not stay taken, or the schedule would never fire
      // again; the next slot tries afresh.
      String why = String.valueOf(e.getMessage());
      claims.move(schedule, slot, State.TAKEN, State.SKIPPED, instance, Optional.empty(),
          Optional.of(why), now);
      if (e instanceof LifeboatException) {
        LOG.info("Schedule {} skipped: {}", schedule.describe(), e.getMessage());
      } else {
        LOG.warn("Schedule {} could not start its run", schedule.describe(), e);
      }
      return Optional.of(new Fired(schedule, slot, Optional.empty(), Optional.of(why)));
    }
  }
}
