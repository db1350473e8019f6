package dev.lifeboat.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.StepFinished;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Runbook;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepDefinition;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.testing.RecordingSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run engine with steps written for the test, and the real embedded state database. */
class RunEngineTest {
  @TempDir Path dir;

  private StateDatabase state;
  private RunEngine engine;
  private final RecordingSink events = new RecordingSink();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final CountDownLatch blockStarted = new CountDownLatch(1);

  @BeforeEach
  void start() {
    state = StateDatabase.open(StateSettings.embedded(dir.resolve("state/lifeboat")));
    engine = newEngine();
  }

  @AfterEach
  void stop() {
    engine.close();
    state.close();
  }

  private RunEngine newEngine() {
    return newEngine(InstanceSettings.DEFAULT_LEASE);
  }

  private RunEngine newEngine(Duration lease) {
    Map<String, Step> steps = Map.of(
        "fake.ok", c -> calls.add(c.step().id()),
        "fake.fail", c -> {
          calls.add(c.step().id());
          throw new LifeboatException("the disk caught fire");
        },
        "fake.block", c -> {
          calls.add(c.step().id());
          CountDownLatch released = new CountDownLatch(1);
          c.cancellation().onCancel(released::countDown);
          blockStarted.countDown();
          released.await();
          c.cancellation().throwIfCancelled();
        },
        "fake.open", c -> c.put(SESSION, () -> calls.add("closed " + c.step().id())),
        "fake.take", c -> calls.add(c.step().id() + " took " + c.take(SESSION).isPresent()));
    return new RunEngine(new JdbcRunRepository(state), steps, events, Clock.systemUTC(),
        Instance.current(Map.of()), lease);
  }

  @Test
  void stepsRunInOrderAndTheRunSucceeds() throws Exception {
    RunInfo run = engine.start(plan("shop", step("one", "fake.ok"), step("two", "fake.ok")),
        Origin.of("test"));

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(calls).containsExactly("one", "two");
    assertThat(events.all()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "RunStarted", "StepStarted", "StepFinished", "StepStarted", "StepFinished",
        "RunFinished");
    assertThat(engine.find(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
  }

  /** Something a step leaves open for later steps, such as a database session. */
  private interface Session extends AutoCloseable {
    @Override
    void close();
  }

  private static final dev.lifeboat.runbook.StepContext.Key<Session> SESSION =
      new dev.lifeboat.runbook.StepContext.Key<>("session", Session.class);

  @Test
  void whatAStepLeftOpenIsClosedAtTheRunsEndUnlessALaterStepTookIt() throws Exception {
    RunInfo left = engine.start(plan("shop", step("open", "fake.open"), step("two", "fake.ok")),
        Origin.of("test"));
    assertThat(engine.completion(left.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(calls).containsExactly("two", "closed open");

    calls.clear();
    RunInfo failed = engine.start(plan("shop", step("open", "fake.open"),
        step("boom", "fake.fail")), Origin.of("test"));
    assertThat(engine.completion(failed.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.FAILED);
    assertThat(calls).containsExactly("boom", "closed open");

    calls.clear();
    RunInfo taken = engine.start(plan("shop", step("open", "fake.open"),
        step("take", "fake.take"), step("again", "fake.take")), Origin.of("test"));
    assertThat(engine.completion(taken.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
    // The taker owns it now: the run does not close it, and nobody else gets it.
    assertThat(calls).containsExactly("take took true", "again took false");
  }

  @Test
  void aFailedStepSkipsTheRestButAlwaysStepsStillRun() throws Exception {
    RunInfo run = engine.start(plan("shop", step("one", "fake.fail"), step("two", "fake.ok"),
        always("cleanup", "fake.ok")), Origin.of("test"));

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS)).isEqualTo(RunState.FAILED);
    assertThat(calls).containsExactly("one", "cleanup");
    assertThat(statuses()).containsExactly("one FAILED", "two SKIPPED", "cleanup SUCCEEDED");
    assertThat(events.finished(run.id()).error()).contains("one: the disk caught fire");
    assertThat(engine.find(run.id()).orElseThrow().error()).contains("one: the disk caught fire");
  }

  @Test
  void aStepThatOutlivesItsTimeoutIsStoppedAndFailsTheRun() throws Exception {
    StepDefinition slow = new StepDefinition("slow", "fake.block", new Step.NoSettings(),
        Duration.ofMillis(200), false);
    RunInfo run = engine.start(plan("shop", slow, always("cleanup", "fake.ok")),
        Origin.of("test"));

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS)).isEqualTo(RunState.FAILED);
    assertThat(events.finished(run.id()).error()).contains("slow: timed out after 200 ms");
    assertThat(statuses()).containsExactly("slow FAILED", "cleanup SUCCEEDED");
  }

  @Test
  void oneRunPerTargetAndTheSecondRequestIsToldWhatRuns() throws Exception {
    RunInfo first = engine.start(plan("shop", step("wait", "fake.block")), Origin.of("test"));
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> engine.start(plan("shop", step("one", "fake.ok")),
        Origin.of("test")))
        .isInstanceOf(TargetBusyException.class)
        .hasMessageContaining("shop is busy: " + first.ref() + " (test, asked by alice")
        .hasMessageContaining("now at wait")
        .hasMessageEndingWith("/cancel " + first.ref() + ".");
    // Another target is not held up.
    RunInfo other = engine.start(plan("billing", step("one", "fake.ok")), Origin.of("test"));
    assertThat(engine.completion(other.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);

    engine.cancel(first.id(), "bob");
    assertThat(engine.completion(first.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.CANCELLED);
    assertThat(events.finished(first.id()).error()).contains("cancelled by bob");
    // The target is free again.
    RunInfo again = engine.start(plan("shop", step("one", "fake.ok")), Origin.of("test"));
    assertThat(engine.completion(again.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aCancelledRunStillRunsItsCleanUp() throws Exception {
    RunInfo run = engine.start(plan("shop", step("wait", "fake.block"), step("never", "fake.ok"),
        always("cleanup", "fake.ok")), Origin.of("test"));
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

    engine.cancel(run.id(), "alice");

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.CANCELLED);
    assertThat(statuses()).containsExactly("wait CANCELLED", "never SKIPPED",
        "cleanup SUCCEEDED");
    assertThatThrownBy(() -> engine.cancel(run.id(), "alice"))
        .hasMessage(run.ref() + " is not running any more (it cancelled).");
  }

  @Test
  void runsLeftUnfinishedByADeadProcessOnThisHostAreReportedAsInterrupted() throws Exception {
    // A previous process on this host recorded a run that started its first step and died.
    JdbcRunRepository repository = new JdbcRunRepository(state);
    Instance dead = new Instance("deadbeef", engine.instance().host(), deadPid(),
        Optional.empty());
    Instant now = Instant.now();
    RunInfo orphan = repository.create("backup", "shop", "hash", Map.of("target", "shop"),
        "alice", Origin.of("console"), now, dead, now.plus(Duration.ofHours(1)));
    repository.started(orphan.id(), now);
    repository.event(orphan.id(), now, "StepStarted", "dump");

    List<RunInfo> interrupted = engine.recoverInterrupted();

    assertThat(interrupted).as("its pid is dead: no need to wait for its lease")
        .extracting(RunInfo::id).containsExactly(orphan.id());
    assertThat(events.of(LifeboatEvent.RunInterrupted.class)).singleElement().satisfies(e -> {
      assertThat(e.run().requestedBy()).isEqualTo("alice");
      assertThat(e.lastStep()).isEqualTo("dump");
    });
    assertThat(engine.find(orphan.id()).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
    assertThat(engine.recoverInterrupted()).as("reported once").isEmpty();
    assertThat(repository.lease("shop")).as("the target is free").isEmpty();
  }

  @Test
  void aRunOfALiveInstanceElsewhereIsLeftAloneUntilItsLeaseRunsOut() {
    JdbcRunRepository repository = new JdbcRunRepository(state);
    Instance elsewhere = new Instance("0ther0ne", "other-host", 4242, Optional.empty());
    Instant now = Instant.now();
    RunInfo live = repository.create("backup", "shop", "hash", Map.of("target", "shop"),
        "cron", Origin.of("cli"), now, elsewhere, now.plus(Duration.ofMinutes(5)));
    repository.started(live.id(), now);

    assertThat(engine.recoverInterrupted()).as("its owner renews the lease").isEmpty();
    assertThat(engine.find(live.id()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    assertThatThrownBy(() -> engine.start(plan("shop", step("one", "fake.ok")),
        Origin.of("test")))
        .isInstanceOf(TargetBusyException.class)
        .hasMessageContaining("shop is busy: " + live.ref() + " (backup, asked by cron")
        .hasMessageContaining("running on lifeboat 0ther0ne on other-host, pid 4242");

    // The owner stops renewing: its lease runs out.
    repository.renew(elsewhere, now, now.minusMillis(1));

    assertThat(engine.recoverInterrupted()).extracting(RunInfo::id).containsExactly(live.id());
    assertThat(engine.find(live.id()).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
  }

  @Test
  void twoEnginesSharingTheStateDatabaseRunOneRunPerTarget() throws Exception {
    try (RunEngine other = newEngine()) {
      RunInfo first = engine.start(plan("shop", step("wait", "fake.block")),
          Origin.of("test"));
      assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> other.start(plan("shop", step("one", "fake.ok")),
          Origin.of("test")))
          .isInstanceOf(TargetBusyException.class)
          .hasMessageContaining("shop is busy: " + first.ref())
          .hasMessageContaining("running on " + engine.instance().shown());
      assertThat(other.recoverInterrupted()).as("the owner lives in this very process")
          .isEmpty();

      engine.cancel(first.id(), "bob");
      engine.completion(first.id()).get(10, TimeUnit.SECONDS);
      RunInfo then = other.start(plan("shop", step("one", "fake.ok")), Origin.of("test"));
      assertThat(other.completion(then.id()).get(10, TimeUnit.SECONDS))
          .isEqualTo(RunState.SUCCEEDED);
    }
  }

  @Test
  void aRunCanBeCancelledFromAnotherProcessThroughItsLease() throws Exception {
    engine.close();
    engine = newEngine(Duration.ofMillis(300));
    try (RunEngine other = newEngine(Duration.ofMillis(300))) {
      RunInfo run = engine.start(plan("shop", step("wait", "fake.block"),
          always("cleanup", "fake.ok")), Origin.of("test"));
      assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(other.active()).as("seen from the other process")
          .singleElement().satisfies(a -> {
            assertThat(a.info().id()).isEqualTo(run.id());
            assertThat(a.progress()).isEqualTo("on " + engine.instance().shown());
          });

      other.cancel(run.id(), "bob");

      assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS))
          .isEqualTo(RunState.CANCELLED);
      assertThat(events.finished(run.id()).error()).contains("cancelled by bob");
      assertThat(statuses()).containsExactly("wait CANCELLED", "cleanup SUCCEEDED");
    }
  }

  @Test
  void anOwnerThatLostItsLeaseCancelsTheRunAndLeavesItsOutcomeToTheNewOwner() throws Exception {
    engine.close();
    engine = newEngine(Duration.ofMillis(300));
    RunInfo run = engine.start(plan("shop", step("wait", "fake.block")), Origin.of("test"));
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
    JdbcRunRepository repository = new JdbcRunRepository(state);
    Instance recoverer = new Instance("rec0very", "other-host", 7, Optional.empty());
    Instant now = Instant.now();
    // As if this engine had stalled past its lease and another instance took the run over.
    assertThat(repository.takeOver(repository.leaseOf(run.id()).orElseThrow(), recoverer, now,
        now.plus(Duration.ofHours(1)))).isTrue();

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.CANCELLED);
    assertThat(events.finished(run.id()).error().orElseThrow()).contains("lost its lease");
    assertThat(repository.find(run.id()).orElseThrow().state())
        .as("the new owner reports it").isEqualTo(RunState.RUNNING);
    assertThat(repository.leaseOf(run.id()).orElseThrow().owner()).isEqualTo(recoverer);
    assertThat(repository.finished(run.id(), recoverer, RunState.INTERRUPTED, now, null, "x"))
        .isTrue();
    assertThat(repository.lease("shop")).isEmpty();
  }

  @Test
  void drainingLetsNothingStartCancelsWhatOutlivesTheGraceAndCleansUp() throws Exception {
    RunInfo run = engine.start(plan("shop", step("wait", "fake.block"),
        always("cleanup", "fake.ok")), Origin.of("test"));
    assertThat(blockStarted.await(10, TimeUnit.SECONDS)).isTrue();

    List<RunInfo> left = engine.drain(Duration.ofMillis(100), Duration.ofSeconds(10));

    assertThat(left).isEmpty();
    assertThat(engine.completion(run.id()).get()).isEqualTo(RunState.CANCELLED);
    assertThat(events.finished(run.id()).error().orElseThrow())
        .contains("shutting down", "grace period");
    assertThat(statuses()).containsExactly("wait CANCELLED", "cleanup SUCCEEDED");
    assertThat(new JdbcRunRepository(state).lease("shop")).isEmpty();
    assertThatThrownBy(() -> engine.start(plan("billing", step("one", "fake.ok")),
        Origin.of("test"))).hasMessageContaining("shutting down");
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private List<String> statuses() {
    return events.of(StepFinished.class).stream().map(s -> s.step() + " " + s.status()).toList();
  }

  private static StepDefinition step(String id, String uses) {
    return new StepDefinition(id, uses, new Step.NoSettings(), Duration.ofSeconds(30), false);
  }

  private static StepDefinition always(String id, String uses) {
    return new StepDefinition(id, uses, new Step.NoSettings(), Duration.ofSeconds(30), true);
  }

  private static Plan plan(String target, StepDefinition... steps) {
    Runbook runbook = new Runbook("test", "", false, Optional.empty(), Map.of(),
        List.of(steps), "fingerprint");
    Target t = new Target(target, new ConnectionInfo("127.0.0.1", 5432, target, "lifeboat",
        Optional.empty(), Map.of()), List.of(), Duration.ofHours(25), Duration.ofHours(1),
        List.of("local"), List.of(), Optional.empty());
    return Plan.of(runbook, t, Map.of("target", target), "alice");
  }
}
