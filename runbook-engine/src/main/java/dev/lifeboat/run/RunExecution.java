package dev.lifeboat.run;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.event.LifeboatEvent.RunEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.RunStarted;
import dev.lifeboat.event.LifeboatEvent.StepFinished;
import dev.lifeboat.event.LifeboatEvent.StepLog;
import dev.lifeboat.event.LifeboatEvent.StepProgress;
import dev.lifeboat.event.LifeboatEvent.StepStarted;
import dev.lifeboat.event.LifeboatEvent.StepStatus;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.runbook.StepDefinition;
import dev.lifeboat.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One execution of a plan: its steps in order, with timeouts, cancellation and cleanup. */
final class RunExecution {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

  private final RunInfo info;
  private final Plan plan;
  private final RunRepository repository;
  private final Map<String, Step> steps;
  private final Consumer<RunEvent> events;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Instance owner;
  private final Cancellation runCancellation = new Cancellation();
  private final Map<StepContext.Key<?>, Object> shared = new ConcurrentHashMap<>();
  private final List<RunResult> results = new ArrayList<>();
  private volatile Instant startedAt;
  private volatile String currentStep;
  private volatile String progress = "";

  RunExecution(RunInfo info, Plan plan, RunRepository repository, Map<String, Step> steps,
      Consumer<RunEvent> events, Clock clock, ScheduledExecutorService timers,
      Instance owner) {
    this.owner = owner;
    this.info = info;
    this.plan = plan;
    this.repository = repository;
    this.steps = steps;
    this.events = events;
    this.clock = clock;
    this.timers = timers;
  }

  RunInfo info() {
    return info;
  }

  ActiveRun snapshot() {
    return new ActiveRun(info, Optional.ofNullable(startedAt), Optional.ofNullable(currentStep),
        progress);
  }

  void cancel(String why) {
    runCancellation.cancel(why);
  }

  RunState execute() {
    startedAt = now();
    repository.started(info.id(), startedAt);
    List<StepDefinition> definitions = plan.runbook().steps();
    events.accept(new RunStarted(info, definitions.stream().map(StepDefinition::id).toList()));
    String failure = null;
    try {
      for (int i = 0; i < definitions.size(); i++) {
        StepDefinition definition = definitions.get(i);
        boolean stopped = failure != null || runCancellation.isCancelled();
        if (stopped && !definition.always()) {
          events.accept(new StepFinished(info, definition.id(), StepStatus.SKIPPED, Duration.ZERO,
              Optional.empty()));
          continue;
        }
        Optional<String> error = runStep(definition, i, definitions.size());
        if (error.isPresent() && failure == null && !runCancellation.isCancelled()) {
          failure = definition.id() + ": " + error.get();
        }
      }
    } finally {
      closeShared();
    }
    RunState state = runCancellation.isCancelled() ? RunState.CANCELLED
        : failure != null ? RunState.FAILED : RunState.SUCCEEDED;
    Optional<String> error = state == RunState.CANCELLED ? runCancellation.reason()
        : Optional.ofNullable(failure);
    Instant end = now();
    String summary = results.stream().map(RunResult::summary).collect(Collectors.joining("; "));
    if (!repository.finished(info.id(), owner, state, end, summary.isEmpty() ? null : summary,
        error.orElse(null))) {
      // This instance lost the run's lease (it stalled) and another took the run over and
      // reports it as interrupted; a second, contradicting outcome would only confuse.
      LOG.warn("{} was taken over by another instance; its outcome here ({}) is not recorded",
          info.ref(), state.label());
    }
    events.accept(new RunFinished(info, state, Duration.between(startedAt, end),
        List.copyOf(results), error));
    return state;
  }

  /** Closes what steps left open for later ones (a session) that no later step took. */
  private void closeShared() {
    for (Object value : shared.values()) {
      if (value instanceof AutoCloseable open) {
        try {
          open.close();
        } catch (Exception e) {
          LOG.warn("{}: closing {} failed: {}", info.ref(), value.getClass().getSimpleName(),
              e.toString());
        }
      }
    }
    shared.clear();
  }

  /** Runs one step; returns its error message, if it failed. */
  private Optional<String> runStep(StepDefinition definition, int index, int count) {
    currentStep = definition.id();
    progress = "";
    events.accept(new StepStarted(info, definition.id(), index + 1, count));
    Instant begin = now();
    // A step gets its own cancellation: its timeout stops only it, a run cancel stops it too.
    Cancellation stepCancellation = new Cancellation();
    ScheduledFuture<?> timeout = timers.schedule(
        () -> stepCancellation.cancel("timed out after " + Ago.of(definition.timeout())),
        definition.timeout().toMillis(), TimeUnit.MILLISECONDS);
    StepStatus status;
    Optional<String> error = Optional.empty();
    try (AutoCloseable link = definition.always() ? () -> { } : runCancellation.onCancel(
        () -> stepCancellation.cancel(runCancellation.reason().orElse("cancelled")))) {
      Step step = steps.get(definition.uses());
      if (step == null) {
        throw new LifeboatException("the runbook uses an unknown step " + definition.uses());
      }
      step.execute(new Context(definition, stepCancellation));
      stepCancellation.throwIfCancelled();
      status = StepStatus.SUCCEEDED;
    } catch (Cancellation.CancelledException e) {
      status = runCancellation.isCancelled() ? StepStatus.CANCELLED : StepStatus.FAILED;
      error = Optional.of(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = StepStatus.CANCELLED;
      error = Optional.of("interrupted");
    } catch (Exception e) {
      if (stepCancellation.isCancelled()) {
        status = runCancellation.isCancelled() ? StepStatus.CANCELLED : StepStatus.FAILED;
        error = stepCancellation.reason();
      } else {
        status = StepStatus.FAILED;
        error = Optional.of(message(e));
        if (!(e instanceof LifeboatException)
            && !(e instanceof dev.lifeboat.cluster.ClusterException)) {
          LOG.warn("Step {} of {} failed", definition.id(), info.ref(), e);
        }
      }
    } finally {
      timeout.cancel(false);
    }
    events.accept(new StepFinished(info, definition.id(), status, Duration.between(begin, now()),
        error));
    currentStep = null;
    return status == StepStatus.SUCCEEDED ? Optional.empty() : error;
  }

  private static String message(Exception e) {
    // A throwaway cluster's failure is written for people too (its module cannot use ours).
    if (e instanceof LifeboatException || e instanceof dev.lifeboat.cluster.ClusterException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private final class Context implements StepContext {
    private final StepDefinition definition;
    private final Cancellation cancellation;

    Context(StepDefinition definition, Cancellation cancellation) {
      this.definition = definition;
      this.cancellation = cancellation;
    }

    @Override
    public RunInfo run() {
      return info;
    }

    @Override
    public Target target() {
      return plan.target();
    }

    @Override
    public StepDefinition step() {
      return definition;
    }

    @Override
    public Optional<String> param(String name) {
      return Optional.ofNullable(plan.params().get(name));
    }

    @Override
    public <T> T settings(Class<T> type) {
      Object settings = definition.settings();
      if (!type.isInstance(settings)) {
        throw new IllegalStateException(definition.uses() + " read its settings as "
            + settings.getClass().getSimpleName() + ", not " + type.getSimpleName());
      }
      return type.cast(settings);
    }

    @Override
    public Cancellation cancellation() {
      return cancellation;
    }

    @Override
    public void progress(long done, long total, String detail) {
      progress = total > 0 ? done + "/" + total + " " + detail : detail;
      events.accept(new StepProgress(info, definition.id(), done, total, detail));
    }

    @Override
    public void log(String line) {
      events.accept(new StepLog(info, definition.id(), line));
    }

    @Override
    public void announce(RunEvent event) {
      events.accept(event);
    }

    @Override
    public void result(RunResult result) {
      synchronized (results) {
        results.add(result);
      }
    }

    @Override
    public <T> void put(Key<T> key, T value) {
      shared.put(key, value);
    }

    @Override
    public <T> Optional<T> get(Key<T> key) {
      return Optional.ofNullable(shared.get(key)).map(key.type()::cast);
    }

    @Override
    public <T> Optional<T> take(Key<T> key) {
      return Optional.ofNullable(shared.remove(key)).map(key.type()::cast);
    }
  }
}
