package dev.lifeboat.runbook;

import dev.lifeboat.run.Cancellation;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.target.Target;
import java.util.Optional;

/** What a step sees of its run: parameters, the target, shared values, progress and results. */
public interface StepContext {
  RunInfo run();

  Target target();

  StepDefinition step();

  /** A plan parameter, e.g. "backup" -> "latest". */
  Optional<String> param(String name);

  /** The step's {@code with:} settings, as its {@link Step#settings} read them at load. */
  <T> T settings(Class<T> type);

  Cancellation cancellation();

  void progress(long done, long total, String detail);

  void log(String line);

  /** Tells the adapters something about this run beyond progress and logs (a question). */
  void announce(dev.lifeboat.event.LifeboatEvent.RunEvent event);

  void result(RunResult result);

  /**
   * Values steps hand to later steps of the same run (e.g. the backup chosen by the first). One
   * that is {@link AutoCloseable} (an open session) is closed when the run ends, unless a later
   * step {@linkplain #take took} it.
   */
  <T> void put(Key<T> key, T value);

  <T> Optional<T> get(Key<T> key);

  /** Removes a shared value and hands it over: the caller closes it when it is closeable. */
  <T> Optional<T> take(Key<T> key);

  /** A typed name for a shared value. */
  record Key<T>(String name, Class<T> type) {}
}
