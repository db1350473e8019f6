package dev.lifeboat.run;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.QuestionAnswered;
import dev.lifeboat.event.LifeboatEvent.QuestionAsked;
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
import java.util.function.Function;
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
  /** This process's runs by target: for status and cancel. The rule itself is the lease. */
  private final Map<String, RunExecution> activeByTarget = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<RunState>> completions = new ConcurrentHashMap<>();
  private final Instance instance;
  private final Duration lease;
  private volatile boolean draining;
  private volatile boolean drained;

  /** An engine owning its runs as a fresh instance of this process, with the default lease. */
  public RunEngine(RunRepository repository, Map<String, Step> steps, EventSink events,
      Clock clock) {
    this(repository, steps, events, clock, Instance.current(System.getenv()),
        InstanceSettings.DEFAULT_LEASE);
  }

  public RunEngine(RunRepository repository, Map<String, Step> steps, EventSink events,
      Clock clock, Instance instance, Duration lease) {
    this.repository = repository;
    this.steps = Map.copyOf(steps);
    this.events = events;
    this.clock = clock;
    this.instance = instance;
    this.lease = lease;
    // Renewing every third of the lease survives two missed renewals (a GC pause, a slow
    // state database) before another instance may take the runs over.
    long every = Math.max(50, lease.toMillis() / 3);
    timers.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
  }

  /** The instance that owns this engine's runs. */
  public Instance instance() {
    return instance;
  }

  /**
   * Queues a run of {@code plan}; it starts at once on its own thread.
   *
   * @throws TargetBusyException when the target already has a run going, in any process
   */
  public RunInfo start(Plan plan, Origin origin) {
    String target = plan.target().name();
    if (draining) {
      throw new TargetBusyException("Lifeboat (" + instance.shown() + ") is shutting down and "
          + "starts nothing new. Ask again in a minute" + " (another instance, if there is one, "
          + "takes it).");
    }
    Instant now = now();
    RunInfo info;
    try {
      info = repository.create(plan.runbook().name(), target, plan.hash(), plan.params(),
          plan.requestedBy(), origin, now, instance, now.plus(lease));
    } catch (TargetLeasedException e) {
      throw busy(target, now);
    }
    RunExecution run = new RunExecution(info, plan, repository, steps, this::publish, clock,
        timers, instance);
    CompletableFuture<RunState> done = new CompletableFuture<>();
    completions.put(run.info().id(), done);
    activeByTarget.put(target, run);
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

  /** What holds the target, wherever it runs: which run, for whom, where, since when. */
  private TargetBusyException busy(String target, Instant now) {
    Optional<RunLease> held = repository.lease(target);
    Optional<RunRecord> record = held.flatMap(l -> repository.find(l.runId()));
    if (record.isEmpty()) {
      return new TargetBusyException(target + " is busy with another run that just started or "
          + "finished. Try again in a moment; /runs shows what runs.");
    }
    RunInfo other = record.get().info();
    RunExecution local = activeByTarget.get(target);
    Optional<String> step = local != null && local.info().id() == other.id()
        ? local.snapshot().step() : repository.lastStep(other.id());
    String where = held.get().owner().id().equals(instance.id()) ? "here"
        : "on " + held.get().owner().shown();
    return new TargetBusyException(target + " is busy: " + other.ref() + " (" + other.runbook()
        + ", asked by " + other.requestedBy() + " " + Ago.of(Duration.between(other.createdAt(),
            now)) + " ago, running " + where + step.map(s -> ", now at " + s).orElse("")
        + "). Wait for it to finish, or /cancel " + other.ref() + ".");
  }

  /**
   * Extends the leases of this instance's runs. A run someone asked to cancel from another
   * process is cancelled. A run whose lease another instance took over (this one stalled past
   * its lease) is cancelled too: the other has tidied after it already.
   */
  private void renewLeases() {
    if (activeByTarget.isEmpty()) {
      return;
    }
    try {
      Instant now = now();
      Map<Long, RunLease> held = new java.util.HashMap<>();
      for (RunLease l : repository.renew(instance, now, now.plus(lease))) {
        held.put(l.runId(), l);
      }
      for (RunExecution run : activeByTarget.values()) {
        Optional<String> cancelledBy = Optional.ofNullable(held.get(run.info().id()))
            .flatMap(RunLease::cancelRequestedBy);
        if (cancelledBy.isPresent()) {
          run.cancel("cancelled by " + cancelledBy.get());
        }
        if (!held.containsKey(run.info().id()) && !completions.get(run.info().id()).isDone()
            && repository.find(run.info().id()).map(r -> !r.state().isFinal()).orElse(false)) {
          LOG.warn("Lost the lease of {}; another instance took it over", run.info().ref());
          run.cancel("this Lifeboat instance lost its lease on " + run.info().target()
              + " (it could not renew it in time) and another instance took the run over");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not renew the leases of this instance's runs: {}", e.getMessage());
    }
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

  /** Runs going anywhere: this process's, and other instances' as their leases say. */
  public List<ActiveRun> active() {
    List<ActiveRun> all = new ArrayList<>(activeByTarget.values().stream()
        .map(RunExecution::snapshot).toList());
    try {
      for (RunLease l : repository.leases()) {
        if (all.stream().noneMatch(a -> a.info().id() == l.runId())) {
          elsewhere(l).ifPresent(all::add);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not read other instances' runs: {}", e.getMessage());
    }
    all.sort((a, b) -> Long.compare(a.info().id(), b.info().id()));
    return all;
  }

  public Optional<ActiveRun> active(String target) {
    RunExecution local = activeByTarget.get(target);
    if (local != null) {
      return Optional.of(local.snapshot());
    }
    try {
      return repository.lease(target).flatMap(this::elsewhere);
    } catch (RuntimeException e) {
      LOG.warn("Could not read other instances' runs: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** A run another instance owns, as far as the state database knows it. */
  private Optional<ActiveRun> elsewhere(RunLease lease) {
    return repository.find(lease.runId()).filter(r -> !r.state().isFinal())
        .map(r -> new ActiveRun(r.info(), r.startedAt(), repository.lastStep(r.info().id()),
            "on " + lease.owner().shown()));
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
    if (!record.state().isFinal() && repository.requestCancel(runId, by)) {
      // Its owner is another process: it sees the request at its next lease renewal.
      return record.info();
    }
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
   * Marks runs whose owner is gone as interrupted and tells the adapters, so the channel learns
   * which runs never finished. Call once adapters have subscribed.
   */
  public List<RunInfo> recoverInterrupted() {
    return recoverInterrupted(run -> List.of());
  }

  /**
   * Recovers the runs whose owner is gone: its lease ran out, or it ran on this host and its
   * process is dead. Each is first taken over (its lease becomes this instance's, so nobody
   * starts on the target meanwhile), then {@code tidy} cleans up after it (thaws a frozen
   * database, drops a half-restored copy, removes its partial artifacts) and says what it did,
   * then it is marked interrupted and the target is free. Runs of live owners, in this process
   * or another, are not touched.
   */
  public List<RunInfo> recoverInterrupted(Function<RunInfo, List<String>> tidy) {
    List<RunInfo> interrupted = new ArrayList<>();
    for (RunRecord r : repository.unfinished()) {
      if (completions.containsKey(r.info().id())) {
        continue;
      }
      Optional<String> found = takeOver(r);
      if (found.isEmpty()) {
        continue;
      }
      String lastStep = repository.lastStep(r.info().id()).orElse("before its first step");
      List<String> tidied = new ArrayList<>();
      tidied.add(found.get());
      tidied.addAll(tidy.apply(r.info()));
      repository.finished(r.info().id(), instance, RunState.INTERRUPTED, now(), null,
          "the Lifeboat process stopped during " + lastStep);
      interrupted.add(r.info());
      publish(new RunInterrupted(r.info(), lastStep, tidied));
    }
    return interrupted;
  }

  /**
   * Takes {@code run} over to recover it, if its owner is gone and nobody else took it first.
   *
   * @return what was found, for people: whose run it was and how we know it is gone
   */
  private Optional<String> takeOver(RunRecord run) {
    Instant now = now();
    Optional<RunLease> held = repository.leaseOf(run.info().id());
    if (held.isEmpty()) {
      if (!repository.claim(run, instance, now, now.plus(lease))) {
        return Optional.empty();
      }
      // Its owner may have finished it (state and lease in one transaction) between our look
      // at the run and our claim: then it is no orphan, and our lease must not outlive it.
      if (repository.find(run.info().id()).map(r -> r.state().isFinal()).orElse(true)) {
        repository.release(run.info().id(), instance);
        return Optional.empty();
      }
      return Optional.of("found " + run.info().ref() + " unfinished and owned by no instance "
          + "(its owner stopped without finishing it)");
    }
    RunLease l = held.get();
    if (l.owner().id().equals(instance.id()) || !l.abandoned(instance, now)) {
      return Optional.empty();
    }
    String why = now.isBefore(l.expiresAt()) ? "its process is gone from this host"
        : "its lease ran out " + Ago.of(Duration.between(l.expiresAt(), now)) + " ago";
    return repository.takeOver(l, instance, now, now.plus(lease))
        ? Optional.of("found " + run.info().ref() + " owned by " + l.owner().shown() + ": " + why)
        : Optional.empty();
  }

  /**
   * Orderly shutdown: nothing new starts; going runs have {@code grace} to finish, then the
   * rest are cancelled (their {@code always} steps thaw and drop what they made) and get
   * {@code cleanup} to do so. A run still going after that gives up its lease, so the next
   * start anywhere recovers it at once instead of waiting for the lease to run out.
   *
   * @return the runs that were still going at the end
   */
  public List<RunInfo> drain(Duration grace, Duration cleanup) throws InterruptedException {
    draining = true;
    drained = true;
    if (awaitIdle(grace)) {
      return List.of();
    }
    for (RunExecution run : activeByTarget.values()) {
      run.cancel("Lifeboat is shutting down and the run did not finish within the shutdown "
          + "grace period of " + Ago.of(grace));
    }
    if (awaitIdle(cleanup)) {
      return List.of();
    }
    List<RunInfo> left = new ArrayList<>();
    for (RunExecution run : activeByTarget.values()) {
      repository.release(run.info().id(), instance);
      left.add(run.info());
    }
    return left;
  }

  /** Waits for every run that is going; for scripted consoles and orderly shutdown. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    for (CompletableFuture<RunState> f : List.copyOf(completions.values())) {
      if (f.isDone()) {
        continue;
      }
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
    boolean history = switch (event) {
      case StepProgress p -> false;
      case StepLog l -> false;
      case RunStarted e -> true;
      case StepStarted e -> true;
      case StepFinished e -> true;
      case RunFinished e -> true;
      case RunInterrupted e -> true;
      case QuestionAsked e -> true;
      case QuestionAnswered e -> true;
    };
    if (history) {
      try {
        repository.event(event.run().id(), now(), event.getClass().getSimpleName(), body(event));
      } catch (RuntimeException e) {
        LOG.warn("Could not record {} for {}: {}", event.getClass().getSimpleName(),
            event.run().ref(), e.getMessage());
      }
    }
    events.publish(event);
  }

  private static String body(RunEvent event) {
    return switch (event) {
      case RunStarted e -> String.join(",", e.steps());
      case StepStarted e -> e.step();
      case StepFinished e -> e.step() + " " + e.status() + e.error().map(m -> ": " + m).orElse("");
      case RunFinished e -> e.state() + e.error().map(m -> ": " + m).orElse("");
      case RunInterrupted e -> e.lastStep();
      case StepProgress e -> e.step();
      case StepLog e -> e.step();
      case QuestionAsked e -> e.step() + ": " + e.prompt();
      case QuestionAnswered e -> e.step() + " " + (e.proceed() ? "continued" : "aborted")
          + " by " + e.by() + e.reason().map(r -> ": " + r).orElse("");
    };
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  @Override
  public void close() {
    draining = true;
    for (RunExecution run : activeByTarget.values()) {
      run.cancel("Lifeboat is shutting down");
    }
    workers.shutdown();
    try {
      // After a drain, what is still going had its chance and gave up its lease: do not hold
      // the exit past the orchestrator's patience.
      if (!workers.awaitTermination(drained ? 1 : 30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timers.shutdownNow();
  }
}
