package dev.lifeboat.verify;

import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;

/**
 * Wraps a verification step so that a failure it did not describe itself (a connection refused,
 * pg_restore failing, a timeout) still reaches the report as a problem. Without it the report
 * could only say "incomplete" while the reason sat in the run's error.
 */
final class FailuresAsProblems implements Step {
  private final Step step;

  FailuresAsProblems(Step step) {
    this.step = step;
  }

  @Override
  public void execute(StepContext context) throws Exception {
    int before = problems(context);
    try {
      step.execute(context);
    } catch (Exception e) {
      if (problems(context) == before) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Shared.findings(context).problem(context.step().id() + ": " + reason);
      }
      throw e;
    }
  }

  @Override
  public Object settings(dev.lifeboat.config.ConfigNode with) {
    return step.settings(with);
  }

  private static int problems(StepContext context) {
    return context.get(Keys.FINDINGS).map(f -> f.report("").problems().size()).orElse(0);
  }
}
