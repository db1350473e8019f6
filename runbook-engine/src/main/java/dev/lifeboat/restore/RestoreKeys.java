package dev.lifeboat.restore;

import dev.lifeboat.runbook.StepContext;

/**
 * What the restore steps hand to each other within one run (the backup and the restored database
 * travel in {@link dev.lifeboat.verify.Keys}, shared with the verify steps).
 */
public final class RestoreKeys {
  /**
   * Set by postgres.read-only: true when it made the target read-only (so postgres.read-write
   * undoes it), false when the target already was read-only by its own setting.
   */
  public static final StepContext.Key<Boolean> FROZEN =
      new StepContext.Key<>("restore.frozen", Boolean.class);

  /** The maintenance-mode webhook postgres.read-only called, for postgres.read-write. */
  public static final StepContext.Key<String> WEBHOOK =
      new StepContext.Key<>("restore.webhook", String.class);

  /** The id of the backup taken of the target just before an in-place restore. */
  public static final StepContext.Key<String> SAFETY_BACKUP =
      new StepContext.Key<>("restore.safety-backup", String.class);

  /**
   * True while an in-place restore is changing the target: if the run stops there, the target is
   * neither the old data nor the backup's, and it stays read-only for a person to decide.
   */
  public static final StepContext.Key<Boolean> INCOMPLETE =
      new StepContext.Key<>("restore.incomplete", Boolean.class);

  /** The target now holds the backup's data (swapped in, or restored in place). */
  public static final StepContext.Key<Boolean> REPLACED =
      new StepContext.Key<>("restore.replaced", Boolean.class);

  /** The previous database's name after a side-by-side swap, kept for rollback. */
  public static final StepContext.Key<String> KEPT_AS =
      new StepContext.Key<>("restore.kept-as", String.class);

  private RestoreKeys() {}
}
