package dev.lifeboat.command;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.alert.AlertService;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.restore.KeptCopies;
import dev.lifeboat.monitor.Monitors;
import dev.lifeboat.restore.RestoreStatement;
import dev.lifeboat.retention.Pruner;
import dev.lifeboat.schedule.Scheduler;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Plans;
import dev.lifeboat.target.Target;
import dev.lifeboat.verify.PrismaMigrations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's API for adapters: a person, a parsed command and where it came from go in; a
 * {@link Reply} comes out, or a {@link LifeboatException} whose message the adapter shows.
 * Authorization and auditing happen here, once, for every platform.
 */
public final class CommandService {
  private static final List<Reply.CommandHelp> HELP = List.of(
      new Reply.CommandHelp("/backup now [target]", "take a backup now"),
      new Reply.CommandHelp("/backup list [target]", "list the newest backups"),
      new Reply.CommandHelp("/backup status", "newest backup per target against its RPO"),
      new Reply.CommandHelp("/backup prune [target] [--dry-run]", "delete what the retention "
          + "policy does not keep (--dry-run: only list it)"),
      new Reply.CommandHelp("/backup delete BACKUP-ID", "delete one backup outside the policy "
          + "(needs a second person's approval)"),
      new Reply.CommandHelp("/verify [backup|latest] [target]", "restore into a scratch "
          + "database and check it"),
      new Reply.CommandHelp("/restore [backup|latest] [target] [in-place] "
          + "[allow-unfinished-migrations]", "replace a database (needs a second person's "
          + "approval)"),
      new Reply.CommandHelp("/drill [target]", "restore test: RTO, RPO, report"),
      new Reply.CommandHelp("/approve [a3]", "approve a waiting request"),
      new Reply.CommandHelp("/deny [a3] [reason]", "deny a waiting request"),
      new Reply.CommandHelp("/approvals", "requests waiting for approval"),
      new Reply.CommandHelp("/ack [al3]", "take an alert: its escalation stops"),
      new Reply.CommandHelp("/runs", "recent and active runs"),
      new Reply.CommandHelp("/cancel r12 | a3", "cancel a run, or withdraw your request"),
      new Reply.CommandHelp("/help", "this list"));

  private final LifeboatConfig config;
  private final AccessPolicy access;
  private final Plans plans;
  private final RunEngine engine;
  private final ApprovalService approvals;
  private final BackupCatalog catalog;
  private final AuditLog audit;
  private final KeptCopies keptCopies;
  private final Pruner pruner;
  private final AlertService alerts;
  private final Scheduler scheduler;
  private final Clock clock;

  public CommandService(LifeboatConfig config, Plans plans, RunEngine engine,
      ApprovalService approvals, BackupCatalog catalog, AuditLog audit, Pruner pruner,
      AlertService alerts, Scheduler scheduler, Clock clock, KeptCopies keptCopies) {
    this.pruner = pruner;
    this.alerts = alerts;
    this.scheduler = scheduler;
    this.config = config;
    this.keptCopies = keptCopies;
    this.access = config.access();
    this.plans = plans;
    this.engine = engine;
    this.approvals = approvals;
    this.catalog = catalog;
    this.audit = audit;
    this.clock = clock;
    plans.runbook("backup");
  }

  public AccessPolicy access() {
    return access;
  }

  public ApprovalService approvals() {
    return approvals;
  }

  public Reply execute(Person actor, Command command, Origin origin) {
    if (command instanceof Command.BackupNow c) {
      Target target = target(c.target());
      return start(actor, Action.BACKUP, "backup now", "backup", target, Map.of(), origin);
    } else if (command instanceof Command.BackupList c) {
      Optional<String> target = c.target().map(t -> config.target(t).name());
      target.ifPresentOrElse(t -> access.require(actor, Action.VIEW, t),
          () -> requireAnyTarget(actor));
      return new Reply.BackupList(target, catalog.list(target, 10), now());
    } else if (command instanceof Command.BackupStatus) {
      requireAnyTarget(actor);
      List<RunRecord> runs = engine.recent(200);
      List<dev.lifeboat.alert.Alert> open = alerts.open();
      List<Reply.TargetStatus> statuses = config.targets().values().stream()
          .filter(t -> access.allows(actor, Action.VIEW, t.name()))
          .map(t -> status(t, runs, open))
          .toList();
      return new Reply.Status(statuses, now());
    } else if (command instanceof Command.BackupPrune c) {
      Target target = target(c.target());
      if (c.dryRun()) {
        access.require(actor, Action.VIEW, target.name());
        return new Reply.Pruned(pruner.plan(target.name()));
      }
      // Deleting by the policy the team wrote is routine upkeep, allowed to whoever may take
      // backups; deleting outside it would need the two-person rule.
      refuseUnless(actor, Action.BACKUP, target.name(), "prune");
      return new Reply.Pruned(pruner.prune(target.name(), actor.name()));
    } else if (command instanceof Command.BackupDelete c) {
      return delete(actor, c, origin);
    } else if (command instanceof Command.Verify c) {
      Target target = target(c.target(), c.backup());
      refuseUnless(actor, Action.VERIFY, target.name(), "verify");
      BackupRecord backup = backup(target, c.backup());
      return start(actor, Action.VERIFY, "verify", "verify", target,
          Map.of("backup", backup.id()), origin);
    } else if (command instanceof Command.Drill c) {
      Target target = target(c.target());
      refuseUnless(actor, Action.DRILL, target.name(), "drill");
      BackupRecord backup = backup(target, Optional.empty());
      return start(actor, Action.DRILL, "drill", "drill", target,
          Map.of("backup", backup.id()), origin);
    } else if (command instanceof Command.Restore c) {
      return restore(actor, c, origin);
    } else if (command instanceof Command.Approve c) {
      long id = c.request().orElseGet(() -> approvals.onlyOneFor(actor).id());
      return new Reply.ApprovalCounted(approvals.approve(id, actor, "command"));
    } else if (command instanceof Command.Deny c) {
      long id = c.request().orElseGet(() -> approvals.onlyOneFor(actor).id());
      return new Reply.ApprovalClosed(approvals.deny(id, actor, c.reason(), "command"));
    } else if (command instanceof Command.Approvals) {
      requireAnyTarget(actor);
      return new Reply.Approvals(approvals.pending(), now());
    } else if (command instanceof Command.BreakGlass c) {
      return new Reply.RunAccepted(approvals.breakGlass(c.request(), actor, c.reason()));
    } else if (command instanceof Command.Withdraw c) {
      return new Reply.ApprovalClosed(approvals.cancel(c.request(), actor));
    } else if (command instanceof Command.Ack c) {
      return new Reply.Acknowledged(alerts.acknowledge(c.alert(), actor));
    } else if (command instanceof Command.Runs) {
      requireAnyTarget(actor);
      List<RunRecord> recent = engine.recent(10).stream()
          .filter(r -> access.allows(actor, Action.VIEW, r.info().target())).toList();
      return new Reply.Runs(engine.active(), recent, now());
    } else if (command instanceof Command.Cancel c) {
      return cancel(actor, c);
    } else if (command instanceof Command.Help) {
      return new Reply.Help(HELP);
    }
    throw new IllegalStateException("unhandled command " + command);
  }

  /** The databases restores replaced and keep for rollback, or why they are unknown. */
  private Reply.Kept kept(Target target) {
    try {
      return new Reply.Kept(keptCopies.list(target), Optional.empty());
    } catch (java.sql.SQLException | LifeboatException e) {
      return new Reply.Kept(List.of(), Optional.of(e instanceof java.sql.SQLException s
          ? dev.lifeboat.postgres.DatabaseAdmin.firstLine(s) : e.getMessage()));
    }
  }

  private Reply.TargetStatus status(Target t, List<RunRecord> runs,
      List<dev.lifeboat.alert.Alert> open) {
    // As far back as the monitor looks, so the status and the alert agree on what is unproven.
    List<BackupRecord> recent = catalog.list(Optional.of(t.name()), Monitors.UNPROVEN_LOOKBACK);
    Optional<BackupRecord> latest = recent.stream().findFirst();
    Duration window = config.upkeep(t.name()).monitors().verifyWindow();
    boolean unproven = dev.lifeboat.monitor.Proof.unproven(recent, window, now()).isPresent();
    Optional<BackupRecord> verified = recent.stream().filter(b -> b.lastVerifiedAt().isPresent())
        .findFirst();
    Optional<RunRecord> drill = runs.stream().filter(r -> r.info().target().equals(t.name())
        && r.info().runbook().equals("drill") && r.state().isFinal()).findFirst();
    return new Reply.TargetStatus(t.name(), latest, t.rpo(), engine.active(t.name()), unproven,
        verified, t.rto(), drill, scheduler.next(t.name()),
        open.stream().filter(a -> a.target().equals(t.name())).toList(), kept(t));
  }

  private Reply start(Person actor, Action action, String what, String runbook, Target target,
      Map<String, String> params, Origin origin) {
    refuseUnless(actor, action, target.name(), what);
    Plan plan = plans.build(runbook, target, params, actor.name());
    try {
      RunInfo run = engine.start(plan, origin);
      audit.append(actor.name(), what, target.name(), "run " + run.ref()
          + (params.containsKey("backup") ? " of " + params.get("backup") : ""), "started");
      return new Reply.RunAccepted(run);
    } catch (LifeboatException e) {
      audit.append(actor.name(), what, target.name(), e.getMessage(), "refused");
      throw e;
    }
  }

  private Reply restore(Person actor, Command.Restore c, Origin origin) {
    Target target = target(c.target(), c.backup());
    refuseUnless(actor, Action.RESTORE, target.name(), "restore");
    BackupRecord backup = backup(target, c.backup());
    String mode = c.mode().orElse("side-by-side");
    Map<String, String> params = new java.util.HashMap<>(Map.of("backup", backup.id(), "mode",
        mode));
    if (c.allowUnfinishedMigrations()) {
      if (!plans.runbook("restore").params().containsKey(PrismaMigrations.PARAM)) {
        throw new InvalidInputException("The restore runbook has no " + PrismaMigrations.PARAM
            + " parameter, so allow-unfinished-migrations would change nothing. Add "
            + PrismaMigrations.PARAM + ": {default: check} to its params.");
      }
      params.put(PrismaMigrations.PARAM, PrismaMigrations.ALLOW_UNFINISHED);
    }
    Plan plan = plans.build("restore", target, params, actor.name());
    if (!plan.runbook().destructive()) {
      throw new LifeboatException("The restore runbook must be marked destructive: true, so it "
          + "needs approval. Fix " + config.runbooks().getFileName() + "/restore.yaml.");
    }
    String statement = RestoreStatement.describe(target, backup, mode, now(),
        expectedDuration(target));
    ApprovalRequest request = approvals.request(plan, origin, statement);
    return new Reply.ApprovalPending(request, approvals.approvers(request));
  }

  private Reply delete(Person actor, Command.BackupDelete c, Origin origin) {
    BackupRecord backup = catalog.find(c.backup());
    Target target = config.target(backup.manifest().target());
    refuseUnless(actor, Action.BACKUP, target.name(), "delete " + backup.id());
    Plan plan = plans.build("delete", target, Map.of("backup", backup.id()), actor.name());
    if (!plan.runbook().destructive()) {
      throw new LifeboatException("The delete runbook must be marked destructive: true, so it "
          + "needs approval. Fix " + config.runbooks().getFileName() + "/delete.yaml.");
    }
    String statement = "Delete backup " + backup.id() + " of " + target.name() + " (taken "
        + dev.lifeboat.run.Ago.of(Duration.between(backup.manifest().finishedAt(), now()))
        + " ago, " + dev.lifeboat.backup.Sizes.human(backup.manifest().bytes()) + ") from every "
        + "store, outside the retention policy. This cannot be undone.";
    ApprovalRequest request = approvals.request(plan, origin, statement);
    return new Reply.ApprovalPending(request, approvals.approvers(request));
  }

  /** The restore time measured by the newest verification of this target, if any. */
  private Optional<Duration> expectedDuration(Target target) {
    return catalog.list(Optional.of(target.name()), 50).stream()
        .flatMap(b -> b.lastRestoreTook().stream()).findFirst();
  }

  private Reply cancel(Person actor, Command.Cancel c) {
    RunRecord record = engine.find(c.runId()).orElseThrow(() -> new NotFoundException(
        "No run r" + c.runId() + ". /runs lists them."));
    if (!record.info().requestedBy().equals(actor.name())) {
      refuseUnless(actor, Action.CANCEL, record.info().target(), "cancel " + record.info().ref());
    }
    RunInfo run = engine.cancel(c.runId(), actor.name());
    audit.append(actor.name(), "cancel", run.target(), "run " + run.ref(), "requested");
    return new Reply.CancelRequested(run);
  }

  /** The target named, else the backup's target, else the only one. */
  private Target target(Optional<String> named, Optional<String> backup) {
    if (named.isPresent()) {
      return config.target(named.get());
    }
    if (backup.isPresent() && !backup.get().equals("latest")) {
      return config.target(catalog.find(backup.get()).manifest().target());
    }
    return config.defaultTarget();
  }

  private Target target(Optional<String> named) {
    return named.map(config::target).orElseGet(config::defaultTarget);
  }

  private BackupRecord backup(Target target, Optional<String> named) {
    if (named.isEmpty() || named.get().equals("latest")) {
      return catalog.latest(target.name()).orElseThrow(() -> new NotFoundException("There is no "
          + "backup of " + target.name() + " yet. Take one with /backup now " + target.name()
          + "."));
    }
    BackupRecord record = catalog.find(named.get());
    if (!record.manifest().target().equals(target.name())) {
      throw new dev.lifeboat.InvalidInputException("Backup " + record.id() + " belongs to "
          + record.manifest().target() + ", not " + target.name() + ".");
    }
    return record;
  }

  private void refuseUnless(Person actor, Action action, String target, String what) {
    try {
      access.require(actor, action, target);
    } catch (NotAuthorizedException e) {
      audit.append(actor.name(), what, target, "not allowed", "refused");
      throw e;
    }
  }

  private void requireAnyTarget(Person actor) {
    boolean any = config.targets().keySet().stream()
        .anyMatch(t -> access.allows(actor, Action.VIEW, t));
    if (!any) {
      throw new NotAuthorizedException("Sorry " + actor.name() + ", you may not see any "
          + "target's backups. Ask a Lifeboat admin to add you to a group in lifeboat.yaml.");
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
