package dev.lifeboat.runbook;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plan was built from, beyond its parameters: the runbook file's fingerprint and the
 * target's connection. Kept with an approval request, so that when the plan's hash no longer
 * matches, people are told which of them changed.
 */
public record PlanVersion(String runbookFingerprint, String targetFingerprint) {

  /** What changed from {@code this} (when the request was made) to {@code now}, in words. */
  public String changesTo(PlanVersion now, String runbook, String target) {
    List<String> changes = new ArrayList<>();
    if (!runbookFingerprint.equals(now.runbookFingerprint)) {
      changes.add("the " + runbook + " runbook (runbooks/" + runbook + ".yaml) was edited");
    }
    if (!targetFingerprint.equals(now.targetFingerprint)) {
      changes.add("the connection of target " + target + " in lifeboat.yaml changed");
    }
    return changes.isEmpty() ? "the plan changed" : String.join(" and ", changes);
  }
}
