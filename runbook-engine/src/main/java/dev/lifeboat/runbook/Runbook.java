package dev.lifeboat.runbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named, declarative list of steps.
 *
 * @param params parameter names and their defaults ("" when required)
 * @param fingerprint SHA-256 of the runbook file, part of each plan's hash: an edited runbook
 *     voids approvals given to plans built from the old one
 */
public record Runbook(
    String name, String description, boolean destructive, Optional<ApprovalRule> approval,
    Map<String, String> params, List<StepDefinition> steps, String fingerprint) {
  public Runbook {
    params = Map.copyOf(params);
    steps = List.copyOf(steps);
  }
}
