package dev.lifeboat.retention;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.schedule.Upkeep;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.Stores;
import dev.lifeboat.target.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a target's retention policy: after each backup, and on demand with
 * {@code /backup prune}. Backups a pending restore or a going run refers to are never pruned,
 * nor the newest verified one; with no policy nothing is.
 */
public final class Pruner {
  /** What a prune did, or would do in a dry run. */
  public record Report(String target, RetentionPolicy policy, RetentionSelection.Result selection,
      boolean dryRun, List<String> deleted) {
    public Report {
      deleted = List.copyOf(deleted);
    }
  }

  private final LifeboatConfig config;
  private final BackupCatalog catalog;
  private final Stores stores;
  private final BackupsInUse inUse;
  private final AuditLog audit;
  private final Clock clock;

  public Pruner(LifeboatConfig config, BackupCatalog catalog, Stores stores, BackupsInUse inUse,
      AuditLog audit, Clock clock) {
    this.config = config;
    this.catalog = catalog;
    this.stores = stores;
    this.inUse = inUse;
    this.audit = audit;
    this.clock = clock;
  }

  public boolean hasPolicy(String target) {
    return config.upkeep(target).retention().isPresent();
  }

  /** What the policy keeps and what it would delete now. */
  public Report plan(String target) {
    return run(target, true, "");
  }

  /** Deletes what the policy does not keep, from every store of the target, and audits it. */
  public Report prune(String target, String actor) {
    return run(target, false, actor);
  }

  private Report run(String targetName, boolean dryRun, String actor) {
    Target target = config.target(targetName);
    Upkeep upkeep = config.upkeep(target.name());
    RetentionPolicy policy = upkeep.retention().orElseThrow(() -> new InvalidInputException(
        target.name() + " has no retention policy, so Lifeboat deletes none of its backups. Add "
            + "one under targets." + target.name() + " in lifeboat.yaml, for example retention: "
            + "{daily: 7, weekly: 4, monthly: 12, yearly: 2, min_count: 3, min_age: 1d}."));
    // Every backup of the target: a policy decision over the newest few would be wrong.
    List<BackupRecord> backups = catalog.list(Optional.of(target.name()), Integer.MAX_VALUE);
    RetentionSelection.Result selection = RetentionSelection.select(backups, policy, now(),
        upkeep.zone(), protectedBackups(target.name()));
    List<String> deleted = new ArrayList<>();
    if (!dryRun) {
      for (BackupRecord b : selection.pruned()) {
        for (String storeName : target.stores()) {
          Store store = stores.get(storeName);
          store.delete(b.manifest());
        }
        catalog.remove(b.id());
        deleted.add(b.id());
        audit.append(actor, "prune", target.name(), "deleted " + b.id() + " by the retention "
            + "policy (" + policy.describe() + ")", "deleted");
      }
    }
    return new Report(target.name(), policy, selection, dryRun, deleted);
  }

  /**
   * Deletes one backup whatever the policy says: the step of the approved {@code delete}
   * runbook, so it runs only after a second person agreed. A backup that a pending restore or a
   * going run needs is still refused.
   */
  public void deleteOutsidePolicy(String targetName, String backupId, String requestedBy) {
    Target target = config.target(targetName);
    BackupRecord b = catalog.find(backupId);
    if (!b.manifest().target().equals(target.name())) {
      throw new InvalidInputException("Backup " + b.id() + " belongs to " + b.manifest().target()
          + ", not " + target.name() + ".");
    }
    String needed = protectedBackups(target.name()).get(b.id());
    if (needed != null) {
      throw new dev.lifeboat.LifeboatException("Backup " + b.id() + " was not deleted: " + needed
          + ". Deny or cancel that first.");
    }
    for (String storeName : target.stores()) {
      stores.get(storeName).delete(b.manifest());
    }
    catalog.remove(b.id());
    audit.append(requestedBy, "delete", target.name(), "deleted " + b.id()
        + " outside the retention policy, approved by a second person", "deleted");
  }

  private Map<String, String> protectedBackups(String target) {
    return inUse.inUse(target);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
