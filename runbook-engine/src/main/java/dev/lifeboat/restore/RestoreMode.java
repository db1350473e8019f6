package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.runbook.StepContext;

/** How a restore replaces the target: the plan parameter "mode". */
public enum RestoreMode {
  /** Into a new database, swapped in by renaming; the previous one is kept for rollback. */
  SIDE_BY_SIDE("side-by-side"),
  /** Over the target itself with pg_restore --clean, after a safety backup. */
  IN_PLACE("in-place");

  private final String label;

  RestoreMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The run's mode; side-by-side when the plan does not say, since it keeps the original. */
  public static RestoreMode of(StepContext context) {
    String value = context.param("mode").map(String::strip).filter(v -> !v.isEmpty())
        .orElse(SIDE_BY_SIDE.label);
    return named(value).orElseThrow(() -> new LifeboatException("Restore mode '" + Names.shown(value) + "' is not one Lifeboat "
        + "knows; use side-by-side (the default) or in-place."));
  }

  /** The mode with this label ("side-by-side", "in-place"), if there is one. */
  public static java.util.Optional<RestoreMode> named(String label) {
    for (RestoreMode mode : values()) {
      if (mode.label.equals(label)) {
        return java.util.Optional.of(mode);
      }
    }
    return java.util.Optional.empty();
  }
}
