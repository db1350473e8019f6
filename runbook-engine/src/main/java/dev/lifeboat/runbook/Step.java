package dev.lifeboat.runbook;

import dev.lifeboat.config.ConfigNode;

/**
 * A built-in step ({@code backup.dump}, {@code postgres.restore}...). Steps report progress and
 * results through the context and fail by throwing; a {@link dev.lifeboat.LifeboatException}'s
 * message is shown to people as it is.
 */
@FunctionalInterface
public interface Step {
  void execute(StepContext context) throws Exception;

  /**
   * Reads this step's {@code with:} block when the runbook loads, reporting an unknown key, a
   * wrong type or a missing value through {@code with}'s problem list, so that a misspelt setting
   * fails at start and in {@code lifeboat config check}, never in the middle of a restore. The
   * value returned is what {@link StepContext#settings(Class)} hands the step when it runs.
   * Steps without settings accept none.
   */
  default Object settings(ConfigNode with) {
    if (!with.isMissing() && !with.entries().isEmpty()) {
      with.problem("this step takes no settings; remove with:");
    }
    return new NoSettings();
  }

  /** The settings of a step that has none. */
  record NoSettings() {}
}
