package dev.lifeboat.retention;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;

/**
 * {@code backup.delete}: deletes the plan's backup outside the retention policy. Only the
 * destructive {@code delete} runbook uses it, so it runs after the two-person rule is met.
 */
public final class DeleteBackupStep implements Step {
  private final Pruner pruner;

  public DeleteBackupStep(Pruner pruner) {
    this.pruner = pruner;
  }

  @Override
  public void execute(StepContext context) {
    String id = context.param("backup").orElseThrow(() -> new LifeboatException(
        "The delete runbook needs a backup parameter."));
    pruner.deleteOutsidePolicy(context.target().name(), id, context.run().requestedBy());
    context.log("deleted " + id + " from every store of " + context.target().name());
  }
}
