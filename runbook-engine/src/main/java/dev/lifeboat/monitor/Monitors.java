package dev.lifeboat.monitor;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.Stores;
import dev.lifeboat.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Looks at every target as it is now and lists what is wrong: the RPO breached, a backup whose
 * size jumped, a failed backup, verification or drill, a drill overdue, a backup left
 * unproven, a store unreachable or nearly full, an approval waiting too long, a restore, drill
 * or verification running past the RTO. Stateless: alerts remember what was found before.
 */
public final class Monitors {
  /** How many earlier backups the size check compares with (their median). */
  static final int SIZE_SAMPLES = 7;
  /**
   * Runbooks that restore a backup: past the RTO, each says the target could not be back in
   * time (a verification too, since it restores the same artifact).
   */
  private static final java.util.Set<String> RESTORING = java.util.Set.of("restore", "drill",
      "verify");
  /** How many backups back the proof check looks for a verified one. */
  public static final int UNPROVEN_LOOKBACK = 500;
  /** How many runs back the failure checks look; more than any target has going at once. */
  private static final int RECENT_RUNS = 200;

  private final LifeboatConfig config;
  private final BackupCatalog catalog;
  private final RunEngine engine;
  private final Stores stores;
  private final ApprovalService approvals;
  private final Clock clock;

  public Monitors(LifeboatConfig config, BackupCatalog catalog, RunEngine engine, Stores stores,
      ApprovalService approvals, Clock clock) {
    this.config = config;
    this.catalog = catalog;
    this.engine = engine;
    this.stores = stores;
    this.approvals = approvals;
    this.clock = clock;
  }

  public List<Finding> check() {
    Instant now = clock.instant();
    List<RunRecord> runs = engine.recent(RECENT_RUNS);
    List<ApprovalRequest> pending = approvals.pending();
    List<Finding> findings = new ArrayList<>();
    for (Target target : config.targets().values()) {
      findings.addAll(check(target, now, runs, pending));
    }
    return findings;
  }

  private List<Finding> check(Target target, Instant now, List<RunRecord> runs,
      List<ApprovalRequest> pending) {
    MonitorSettings settings = config.upkeep(target.name()).monitors();
    String t = target.name();
    List<Finding> found = new ArrayList<>();
    List<BackupRecord> backups = catalog.list(Optional.of(t), SIZE_SAMPLES + 1);
    // A backup whose verification failed is no recovery point.
    Optional<BackupRecord> newestGood = catalog.list(Optional.of(t), 50).stream()
        .filter(b -> b.lastVerifiedAt().isEmpty() || b.verifiedGood()).findFirst();

    if (newestGood.isEmpty()) {
      found.add(new Finding(t, "rpo", t + " has no good backup at all (RPO " + Ago.of(target.rpo())
          + "). Take one with /backup now " + t + "."));
    } else {
      Duration age = Duration.between(newestGood.get().manifest().finishedAt(), now);
      if (age.compareTo(target.rpo()) > 0) {
        found.add(new Finding(t, "rpo", "The newest good backup of " + t + " is " + Ago.of(age)
            + " old, past its RPO of " + Ago.of(target.rpo()) + ". Check the schedule and "
            + "/runs, or take one with /backup now " + t + "."));
      }
    }
    sizeChange(t, backups, settings).ifPresent(found::add);
    for (String runbook : List.of("backup", "verify", "drill")) {
      runs.stream().filter(r -> r.info().target().equals(t) && r.info().runbook().equals(runbook)
          && r.state() != RunState.QUEUED && r.state() != RunState.RUNNING).findFirst()
          .filter(r -> r.state() == RunState.FAILED || r.state() == RunState.INTERRUPTED)
          .ifPresent(r -> found.add(new Finding(t, runbook + "-failed", "The last " + runbook
              + " of " + t + " (" + r.info().ref() + ") " + r.state().label()
              + r.error().map(e -> ": " + firstLine(e)).orElse("") + ".")));
    }
    drillOverdue(t, now, runs, backups, settings).ifPresent(found::add);
    Proof.unproven(catalog.list(Optional.of(t), UNPROVEN_LOOKBACK), settings.verifyWindow(), now)
        .ifPresent(b -> found.add(new Finding(t, "unproven", "Backup " + b.id() + " of " + t
            + " was taken " + Ago.of(Duration.between(b.manifest().finishedAt(), now))
            + " ago and neither it nor any newer backup has been verified (verify window "
            + Ago.of(settings.verifyWindow()) + "), so they are unproven. /verify latest " + t
            + " proves the newest.")));
    for (String storeName : target.stores()) {
      storeTrouble(t, stores.get(storeName), settings).ifPresent(found::add);
    }
    for (ApprovalRequest r : pending) {
      Duration waiting = Duration.between(r.createdAt(), now);
      if (r.target().equals(t) && waiting.compareTo(settings.approvalWait()) > 0) {
        found.add(new Finding(t, "approval:" + r.ref(), r.ref() + " (" + r.runbook() + " of " + t
            + ", asked by " + r.requestedBy() + ") has waited " + Ago.of(waiting)
            + " for approval. /approve " + r.ref() + " or /deny " + r.ref() + "."));
      }
    }
    for (RunRecord r : runs) {
      if (r.info().target().equals(t) && r.state() == RunState.RUNNING
          && RESTORING.contains(r.info().runbook())) {
        Duration going = Duration.between(r.startedAt().orElse(r.info().createdAt()), now);
        if (going.compareTo(target.rto()) > 0) {
          found.add(new Finding(t, "rto:" + r.info().ref(), r.info().ref() + " ("
              + r.info().runbook() + " of " + t + ") has run " + Ago.of(going)
              + ", past the RTO of " + Ago.of(target.rto()) + "."));
        }
      }
    }
    return found;
  }

  /** The newest backup against the median of the ones before it. */
  private static Optional<Finding> sizeChange(String t, List<BackupRecord> newestFirst,
      MonitorSettings settings) {
    if (newestFirst.size() < 4) {
      return Optional.empty(); // too few to know what is normal
    }
    BackupRecord newest = newestFirst.get(0);
    long[] earlier = newestFirst.subList(1, newestFirst.size()).stream()
        .mapToLong(b -> b.manifest().bytes()).sorted().toArray();
    double median = earlier.length % 2 == 1 ? earlier[earlier.length / 2]
        : (earlier[earlier.length / 2 - 1] + earlier[earlier.length / 2]) / 2.0;
    if (median <= 0) {
      return Optional.empty();
    }
    double change = (newest.manifest().bytes() - median) / median;
    if (Math.abs(change) <= settings.sizeChange()) {
      return Optional.empty();
    }
    return Optional.of(new Finding(t, "size", "Backup " + newest.id() + " of " + t + " is "
        + Sizes.human(newest.manifest().bytes()) + ", " + String.format(Locale.ROOT, "%+.0f%%",
            change * 100) + " against the median of the " + earlier.length + " before it ("
        + Sizes.human((long) median) + "; the limit is " + String.format(Locale.ROOT, "%.0f%%",
            settings.sizeChange() * 100) + "). Check that nothing was lost or bloated."));
  }

  private static Optional<Finding> drillOverdue(String t, Instant now, List<RunRecord> runs,
      List<BackupRecord> backups, MonitorSettings settings) {
    Optional<Instant> lastDrill = runs.stream().filter(r -> r.info().target().equals(t)
        && r.info().runbook().equals("drill") && r.state() == RunState.SUCCEEDED)
        .findFirst().map(r -> r.finishedAt().orElse(r.info().createdAt()));
    // Without any drill yet, the clock starts with the oldest backup we know of.
    Optional<Instant> since = lastDrill.or(() -> backups.isEmpty() ? Optional.empty()
        : Optional.of(backups.get(backups.size() - 1).manifest().finishedAt()));
    if (since.isEmpty() || Duration.between(since.get(), now).compareTo(settings.drillEvery())
        <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Finding(t, "drill-overdue", lastDrill.map(d -> "The last drill of "
        + t + " succeeded " + Ago.of(Duration.between(d, now)) + " ago").orElse(t
        + " has never had a drill") + "; one is due every " + Ago.of(settings.drillEvery())
        + ". /drill " + t + " runs one."));
  }

  private static Optional<Finding> storeTrouble(String t, Store store, MonitorSettings settings) {
    OptionalLong free;
    try {
      store.probe();
      free = store.freeBytes();
    } catch (RuntimeException e) {
      return Optional.of(new Finding(t, "store:" + store.name(), "Store " + store.name() + " ("
          + store.describe() + ") cannot be reached: " + firstLine(String.valueOf(e.getMessage()))));
    }
    if (free.isPresent() && free.getAsLong() < settings.storeFreeBytes()) {
      return Optional.of(new Finding(t, "store:" + store.name(), "Store " + store.name() + " ("
          + store.describe() + ") has only " + Sizes.human(free.getAsLong()) + " free, below "
          + Sizes.human(settings.storeFreeBytes()) + ". Free space or prune old backups."));
    }
    return Optional.empty();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
