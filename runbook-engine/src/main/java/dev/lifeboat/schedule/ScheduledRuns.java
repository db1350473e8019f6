package dev.lifeboat.schedule;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.runbook.Plans;
import dev.lifeboat.target.Target;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a firing into a run, as the person "schedule": a backup; a verification of the newest
 * backup unless it is verified already; a drill of the newest backup. Audited like a command.
 */
public final class ScheduledRuns implements Scheduler.Starter {
  /** Who scheduled runs are requested by, in runs, messages and the audit log. */
  public static final String REQUESTER = "schedule";

  private final LifeboatConfig config;
  private final Plans plans;
  private final RunEngine engine;
  private final BackupCatalog catalog;
  private final AuditLog audit;

  public ScheduledRuns(LifeboatConfig config, Plans plans, RunEngine engine,
      BackupCatalog catalog, AuditLog audit) {
    this.config = config;
    this.plans = plans;
    this.engine = engine;
    this.catalog = catalog;
    this.audit = audit;
  }

  @Override
  public RunInfo start(Schedule schedule, Instant slot) {
    Target target = config.target(schedule.target());
    Map<String, String> params = switch (schedule.kind()) {
      case BACKUP -> Map.of();
      case VERIFY -> Map.of("backup", unverifiedNewest(target).id());
      case DRILL -> Map.of("backup", newest(target).id());
    };
    String what = schedule.kind().runbook();
    try {
      RunInfo run = engine.start(plans.build(what, target, params, REQUESTER),
          Origin.of("schedule"));
      audit.append(REQUESTER, what, target.name(), "run " + run.ref() + " for the slot "
          + slot + (params.containsKey("backup") ? " of " + params.get("backup") : ""),
          "started");
      return run;
    } catch (LifeboatException e) {
      audit.append(REQUESTER, what, target.name(), e.getMessage(), "refused");
      throw e;
    }
  }

  private BackupRecord newest(Target target) {
    return catalog.latest(target.name()).orElseThrow(() -> new Scheduler.NothingToRun(
        "there is no backup of " + target.name() + " to restore yet"));
  }

  private BackupRecord unverifiedNewest(Target target) {
    BackupRecord newest = newest(target);
    Optional<Instant> verified = newest.lastVerifiedAt();
    if (verified.isPresent()) {
      throw new Scheduler.NothingToRun("the newest backup " + newest.id() + " is verified "
          + "already");
    }
    return newest;
  }
}
