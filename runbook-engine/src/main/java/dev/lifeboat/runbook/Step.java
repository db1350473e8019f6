package dev.lifeboat.runbook;

/**
 * A built-in step ({@code backup.dump}, {@code postgres.restore}...). Steps report progress and
 * results through the context and fail by throwing; a {@link dev.lifeboat.LifeboatException}'s
 * message is shown to people as it is.
 */
@FunctionalInterface
public interface Step {
  void execute(StepContext context) throws Exception;
}
