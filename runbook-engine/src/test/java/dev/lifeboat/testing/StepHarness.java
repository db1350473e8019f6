package dev.lifeboat.testing;

import dev.lifeboat.config.ConfigException;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Runbook;
import dev.lifeboat.runbook.RunbookLoader;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one runbook, written in the test as YAML, through the real runbook loader (so settings are
 * read as at start) and the real run engine, on a target that is never connected to. For steps
 * that talk to something other than the database: HTTP checks, webhooks, commands.
 */
public final class StepHarness implements AutoCloseable {
  private final Path directory;
  private final Map<String, Step> steps;
  private final Map<String, String> environment;
  private final StateDatabase state;
  private final RecordingSink events = new RecordingSink();
  private final RunEngine engine;

  public StepHarness(Path directory, Map<String, Step> steps, Map<String, String> environment) {
    this(directory, state -> steps, environment);
  }

  /** For steps that need the state database themselves. */
  public StepHarness(Path directory, java.util.function.Function<StateDatabase,
      Map<String, Step>> steps, Map<String, String> environment) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
    this.state = StateDatabase.open(StateSettings.embedded(directory.resolve("state/lifeboat")));
    this.steps = Map.copyOf(steps.apply(state));
    this.engine = new RunEngine(new JdbcRunRepository(state), this.steps, events,
        Clock.systemUTC());
  }

  /**
   * Starts the runbook in {@code yaml} as {@code requestedBy} on target shop without waiting.
   * The runbook's name decides the action it stands for (verify, restore...).
   */
  public RunInfo start(String yaml, String requestedBy) {
    return engine.start(Plan.of(load(yaml), target(), Map.of("target", "shop"), requestedBy),
        Origin.of("test"));
  }

  public LifeboatEvent.RunFinished await(RunInfo run) throws Exception {
    engine.completion(run.id()).get(60, TimeUnit.SECONDS);
    return events.finished(run.id());
  }

  public StateDatabase state() {
    return state;
  }

  public RunEngine engine() {
    return engine;
  }

  /** Loads {@code yaml} as runbooks/test.yaml; throws the loader's ConfigException. */
  public Runbook load(String yaml) {
    try {
      Path folder = Files.createDirectories(directory.resolve("runbooks"));
      Files.writeString(folder.resolve("test.yaml"), yaml);
      return new RunbookLoader(steps, environment).load(folder).values().iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problems the loader reports for {@code yaml}. */
  public List<String> problems(String yaml) {
    try {
      load(yaml);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** Runs the runbook in {@code yaml} to its end and returns how it finished. */
  public LifeboatEvent.RunFinished run(String yaml) throws Exception {
    return await(start(yaml, "alice"));
  }

  private static Target target() {
    return new Target("shop", new ConnectionInfo("127.0.0.1", 1, "shop", "lifeboat",
        Optional.of(dev.lifeboat.config.Secret.of("pw-not-for-children", "test")), Map.of()),
        List.of(), Duration.ofHours(25), Duration.ofHours(1), List.of("local"), List.of(),
        Optional.empty());
  }

  /** Every line steps logged (what a chat shows in the run's thread). */
  public List<String> logs() {
    return events.of(LifeboatEvent.StepLog.class).stream().map(LifeboatEvent.StepLog::line)
        .toList();
  }

  public List<LifeboatEvent> events() {
    return events.all();
  }

  @Override
  public void close() {
    engine.close();
    state.close();
  }
}
