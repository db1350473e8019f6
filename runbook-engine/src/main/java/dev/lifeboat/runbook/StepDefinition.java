package dev.lifeboat.runbook;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a runbook as written in YAML.
 *
 * @param uses the built-in step that does the work, e.g. {@code backup.dump}
 * @param settings its {@code with:} block, read and checked by the step when the runbook loaded
 *     ({@link Step#settings})
 * @param always run even after an earlier step failed or the run was cancelled (cleanup steps)
 */
public record StepDefinition(
    String id, String uses, Object settings, Duration timeout, boolean always) {
  public StepDefinition {
    Objects.requireNonNull(settings, "settings");
  }
}
