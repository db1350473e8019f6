package dev.lifeboat.runbook;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a runbook as written in YAML.
 *
 * @param uses the built-in step that does the work, e.g. {@code backup.dump}
 * @param with the step's settings
 * @param always run even after an earlier step failed or the run was cancelled (cleanup steps)
 */
public record StepDefinition(
    String id, String uses, Map<String, Object> with, Duration timeout, boolean always) {
  public StepDefinition {
    with = Map.copyOf(with);
  }
}
