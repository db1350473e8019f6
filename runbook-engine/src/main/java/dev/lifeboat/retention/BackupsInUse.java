package dev.lifeboat.retention;

import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.run.ActiveRun;
import dev.lifeboat.run.RunEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The backups of a target that something still needs, each with the reason, for the channel. */
@FunctionalInterface
public interface BackupsInUse {
  Map<String, String> inUse(String target);

  /** A restore (or deletion) waiting for approval, or a run going now, that names a backup. */
  static Map<String, String> of(ApprovalService approvals, RunEngine engine, String target) {
    Map<String, String> ids = new LinkedHashMap<>();
    // A deletion names the backup it removes, pending or running: that is no use of it. (An
    // approved deletion starts its run a moment before its request stops being pending.)
    approvals.pending().stream()
        .filter(r -> r.target().equals(target) && !r.runbook().equals("delete"))
        .forEach(r -> Optional.ofNullable(r.params().get("backup")).ifPresent(id ->
            ids.put(id, "the pending " + r.runbook() + " " + r.ref() + " refers to it")));
    for (ActiveRun run : engine.active()) {
      if (!run.info().target().equals(target) || run.info().runbook().equals("delete")) {
        continue;
      }
      Optional.ofNullable(run.info().params().get("backup")).ifPresent(id ->
          ids.putIfAbsent(id, run.info().ref() + " (" + run.info().runbook() + ") uses it now"));
    }
    return ids;
  }
}
