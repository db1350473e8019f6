package dev.lifeboat.runbook;

import java.time.Duration;
import java.util.List;

/** How many distinct approvers from which groups a destructive runbook needs, and for how long. */
public record ApprovalRule(int required, List<String> from, Duration expires) {
  public ApprovalRule {
    from = List.copyOf(from);
  }
}
