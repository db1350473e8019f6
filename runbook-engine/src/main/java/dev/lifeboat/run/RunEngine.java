package dev.lifeboat.run;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.RunEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.RunInterrupted;
import dev.lifeboat.event.LifeboatEvent.RunStarted;
import dev.lifeboat.event.LifeboatEvent.StepFinished;
import dev.lifeboat.event.LifeboatEvent.StepLog;
import dev.lifeboat.event.LifeboatEvent.StepProgress;
import dev.lifeboat.event.LifeboatEvent.StepStarted;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs of plans, one run per target at a time, executes their steps with timeouts and
 * cancellation, records them, and tells the adapters what happens through the event port.
 */
public final class RunEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);

  private final RunRepository repository;
  private final Map<String, Step> steps;
  private final EventSink events;
  private final Clock clock;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lifeboat-run");
    t.setDaemon(false);
    return t;
  });
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-step-timer");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, RunExecution> activeByTarget = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<RunState>> completions = new ConcurrentHashMap<>();

  public RunEngine(RunRepository repository, Map<String, Step> steps, EventSink events,
      Clock clock) {
    this.repository = repository;
    this.steps = Map.copyOf(steps);
    this.events = events;
    this.clock = clock;
  }

  /**
   * Queues a run of {@code plan}; it starts at once on its own thread.
   *
   * @throws TargetBusyException when the target already has a run going
   */
  public RunInfo start(Plan plan, Origin origin) {
    String target = plan.target().name();
    RunExecution[] created = new RunExecution[1];
    RunExecution existing = activeByTarget.computeIfAbsent(target, t -> {
      RunInfo info = repository.create(plan.runbook().name(), target, plan.hash(), plan.params(),
          plan.requestedBy(), origin, now());
      created[0] = new RunExecution(info, plan, repository, steps, this::publish, clock, timers);
      return created[0];
    });
    if (created[0] == null) {
      ActiveRun a = existing.snapshot();
      throw new TargetBusyException(target + " is busy: " + a.info().ref() + " ("
          + a.info().runbook() + ", asked by " + a.info().requestedBy() + " "
          + Ago.of(Duration.between(a.info().createdAt(), now())) + " ago"
          + a.step().map(s -> ", now at " + s).orElse("") + "). Wait for it to finish, or /cancel "
          + a.info().ref() + ".");
    }
    RunExecution run = created[0];
    CompletableFuture<RunState> done = new CompletableFuture<>();
    completions.put(run.info().id(), done);
    workers.execute(() -> {
      RunState state = RunState.FAILED;
      try {
        state = run.execute();
      } catch (RuntimeException e) {
        LOG.error("Run {} failed outside its steps", run.info().ref(), e);
      } finally {
        activeByTarget.remove(target, run);
        done.complete(state);
      }
    });
    return run.info();
  }

  /** Completes with the run's final state. */
  public CompletableFuture<RunState> completion(long runId) {
    CompletableFuture<RunState> f = completions.get(runId);
    if (f != null) {
      return f;
    }
    return repository.find(runId).map(r -> CompletableFuture.completedFuture(r.state()))
        .orElseThrow(() -> new NotFoundException("No run r" + runId + "."));
  }

  public List<ActiveRun> active() {
    return activeByTarget.values().stream().map(RunExecution::snapshot)
        .sorted((a, b) -> Long.compare(a.info().id(), b.info().id())).toList();
  }

  public Optional<ActiveRun> active(String target) {
    return Optional.ofNullable(activeByTarget.get(target)).map(RunExecution::snapshot);
  }

  /** Cancels a going run; its {@code always} steps still run so it can clean up after itself. */
  public RunInfo cancel(long runId, String by) {
    for (RunExecution run : activeByTarget.values()) {
      if (run.info().id() == runId) {
        run.cancel("cancelled by " + by);
        return run.info();
      }
    }
    RunRecord record = repository.find(runId)
        .orElseThrow(() -> new NotFoundException("No run r" + runId + ". /runs lists them."));
    throw new LifeboatException("r" + runId + " is not running any more (it "
        + record.state().label() + ").");
  }

  public Optional<RunRecord> find(long runId) {
    return repository.find(runId);
  }

  public List<RunRecord> recent(int limit) {
    return repository.recent(limit);
  }

  /**
   * Marks runs that a previous process left unfinished as interrupted and tells the adapters, so
   * the channel learns which runs never finished. Call once adapters have subscribed.
   */
  public List<RunInfo> recoverInterrupted() {
    return recoverInterrupted(run -> List.of());
  }

  /**
   * Like {@link #recoverInterrupted()}, letting {@code tidy} clean up after each run (thaw a
   * frozen database, drop a half-restored copy) and say what it did.
   */
  public List<RunInfo> recoverInterrupted(java.util.function.Function<RunInfo, List<String>> tidy) {
    List<RunInfo> interrupted = new ArrayList<>();
    for (RunRecord r : repository.unfinished()) {
      if (completions.containsKey(r.info().id())) {
        continue;
      }
      String lastStep = repository.lastStep(r.info().id()).orElse("before its first step");
      repository.finished(r.info().id(), RunState.INTERRUPTED, now(), null,
          "the Lifeboat process stopped during " + lastStep);
      interrupted.add(r.info());
      publish(new RunInterrupted(r.info(), lastStep, tidy.apply(r.info())));
    }
    return interrupted;
  }

  /** Waits for every run that is going; for scripted consoles and orderly shutdown. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    for (CompletableFuture<RunState> f : List.copyOf(completions.values())) {
      long left = Duration.between(Instant.now(), end).toMillis();
      if (left <= 0) {
        return false;
      }
      try {
        f.get(left, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return false;
      }
    }
    return true;
  }

  private void publish(RunEvent event) {
    // Progress and logs are frequent and only matter live; the rest is history worth keeping.
    if (!(event instanceof StepProgress) && !(event instanceof StepLog)) {
      try {
        repository.event(event.run().id(), now(), event.getClass().getSimpleName(), body(event));
      } catch (RuntimeException e) {
        LOG.warn("Could not record {} for {}: {}", event.getClass().getSimpleName(),
            event.run().ref(), e.getMessage());
      }
    }
    events.publish(event);
  }

  // Java 17 has no pattern switch; each renderer ends with the same "unknown event" guard.
  private static String body(RunEvent event) {
    if (event instanceof RunStarted e) {
      return String.join(",", e.steps());
    } else if (event instanceof StepStarted e) {
      return e.step();
    } else if (event instanceof StepFinished e) {
      return e.step() + " " + e.status() + e.error().map(m -> ": " + m).orElse("");
    } else if (event instanceof RunFinished e) {
      return e.state() + e.error().map(m -> ": " + m).orElse("");
    } else if (event instanceof RunInterrupted e) {
      return e.lastStep();
    }
    return event.getClass().getSimpleName();
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  @Override
  public void close() {
    for (RunExecution run : activeByTarget.values()) {
      run.cancel("Lifeboat is shutting down");
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
  }
}
