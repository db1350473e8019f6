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
import dev.lifeboat.restore.ProviderLimits;
import dev.lifeboat.monitor.Monitors;
import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.restore.LossPreviewer;
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
import dev.lifeboat.restore.CreateRoles;
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
          + "[allow-unfinished-migrations] [with-roles]", "replace a database (needs a second "
          + "person's approval)"),
      new Reply.CommandHelp("/drill [target]", "restore test: RTO, RPO, report"),
      new Reply.CommandHelp("/approve [a3]", "approve a waiting request"),
      new Reply.CommandHelp("/deny [a3] [reason]", "deny a waiting request"),
      new Reply.CommandHelp("/approvals", "requests waiting for approval"),
      new Reply.CommandHelp("/ack [al3]", "take an alert: its escalation stops"),
      new Reply.CommandHelp("/runs", "recent and active runs"),
      new Reply.CommandHelp("/cancel r12 | a3", "cancel a run, or withdraw your request"),
      new Reply.CommandHelp("/continue [r12]", "confirm a run's checklist: it goes on"),
      new Reply.CommandHelp("/abort [r12] [reason]", "stop a run at its checklist"),
      new Reply.CommandHelp("/breakglass a3 reason", "run a request without approval, in an "
          + "emergency (when lifeboat.yaml allows it)"),
      new Reply.CommandHelp("/incident start TITLE [target] [--severity sev1]", "open an "
          + "incident: its channel, card, playbook and report"),
      new Reply.CommandHelp("/incident role commander|scribe|dba @person", "give a role"),
      new Reply.CommandHelp("/incident phase next", "assess → decide → restore → validate → "
          + "communicate"),
      new Reply.CommandHelp("/incident note|update|followup TEXT", "timeline note; status "
          + "update (also to stakeholders); follow-up for the report"),
      new Reply.CommandHelp("/incident timeline | resolve", "what happened; close it and write "
          + "the report"),
      new Reply.CommandHelp("/help", "this list"));

  private final LifeboatConfig config;
  private final AccessPolicy access;
  private final Plans plans;
  private final RunEngine engine;
  private final ApprovalService approvals;
  private final BackupCatalog catalog;
  private final AuditLog audit;
  private final KeptCopies keptCopies;
  private final dev.lifeboat.ask.Inquiries inquiries;
  private final LossPreviewer losses;
  private final Pruner pruner;
  private final AlertService alerts;
  private final Scheduler scheduler;
  private final Clock clock;
  private final dev.lifeboat.incident.IncidentService incidents;

  public CommandService(LifeboatConfig config, Plans plans, RunEngine engine,
      ApprovalService approvals, BackupCatalog catalog, AuditLog audit, Pruner pruner,
      AlertService alerts, Scheduler scheduler, Clock clock, KeptCopies keptCopies,
      dev.lifeboat.ask.Inquiries inquiries, LossPreviewer losses,
      dev.lifeboat.incident.IncidentService incidents) {
    this.incidents = incidents;
    this.inquiries = inquiries;
    this.losses = losses;
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
    return switch (command) {
      case Command.BackupNow c -> start(actor, Action.BACKUP, "backup now", "backup",
          target(c.target()), Map.of(), origin);
      case Command.BackupList c -> {
        Optional<String> target = c.target().map(t -> config.target(t).name());
        target.ifPresentOrElse(t -> access.require(actor, Action.VIEW, t),
            () -> requireAnyTarget(actor));
        yield new Reply.BackupList(target, catalog.list(target, 10), now());
      }
      case Command.BackupStatus c -> {
        requireAnyTarget(actor);
        List<RunRecord> runs = engine.recent(200);
        List<dev.lifeboat.alert.Alert> open = alerts.open();
        List<Reply.TargetStatus> statuses = config.targets().values().stream()
            .filter(t -> access.allows(actor, Action.VIEW, t.name()))
            .map(t -> status(t, runs, open))
            .toList();
        yield new Reply.Status(statuses, now());
      }
      case Command.BackupPrune c -> {
        Target target = target(c.target());
        if (c.dryRun()) {
          access.require(actor, Action.VIEW, target.name());
          yield new Reply.Pruned(pruner.plan(target.name()));
        }
        // Deleting by the policy the team wrote is routine upkeep, allowed to whoever may take
        // backups; deleting outside it would need the two-person rule.
        refuseUnless(actor, Action.BACKUP, target.name(), "prune");
        yield new Reply.Pruned(pruner.prune(target.name(), actor.name()));
      }
      case Command.BackupDelete c -> delete(actor, c, origin);
      case Command.Ack c -> new Reply.Acknowledged(alerts.acknowledge(c.alert(), actor));
      case Command.Verify c -> {
        Target target = target(c.target(), c.backup());
        refuseUnless(actor, Action.VERIFY, target.name(), "verify");
        BackupRecord backup = backup(target, c.backup());
        yield start(actor, Action.VERIFY, "verify", "verify", target,
            Map.of("backup", backup.id()), origin);
      }
      case Command.Drill c -> {
        Target target = target(c.target());
        refuseUnless(actor, Action.DRILL, target.name(), "drill");
        BackupRecord backup = backup(target, Optional.empty());
        yield start(actor, Action.DRILL, "drill", "drill", target,
            Map.of("backup", backup.id()), origin);
      }
      case Command.Restore c -> restore(actor, c, origin);
      case Command.Approve c -> decide(actor, c.request().orElseGet(() ->
          approvals.onlyOneFor(actor).id()), true, "", "command");
      case Command.Deny c -> decide(actor, c.request().orElseGet(() ->
          approvals.onlyOneFor(actor).id()), false, c.reason(), "command");
      case Command.Approvals c -> {
        requireAnyTarget(actor);
        yield new Reply.Approvals(approvals.pending(), now());
      }
      case Command.BreakGlass c ->
          new Reply.RunAccepted(approvals.breakGlass(c.request(), actor, c.reason()));
      case Command.Withdraw c -> new Reply.ApprovalClosed(approvals.cancel(c.request(), actor));
      case Command.Runs c -> {
        requireAnyTarget(actor);
        List<RunRecord> recent = engine.recent(10).stream()
            .filter(r -> access.allows(actor, Action.VIEW, r.info().target())).toList();
        yield new Reply.Runs(engine.active(), recent, now());
      }
      case Command.Cancel c -> cancel(actor, c);
      case Command.Answer c -> new Reply.Answered(inquiries.answer(actor, c.run(), c.proceed(),
          c.reason(), "command"));
      case Command.Help c -> new Reply.Help(HELP);
      case Command.IncidentCommand c -> incident(actor, c, origin);
    };
  }

  private Reply incident(Person actor, Command.IncidentCommand command, Origin origin) {
    return switch (command) {
      case Command.IncidentStart c -> new Reply.IncidentStarted(incidents.start(actor, c.text(),
          c.severity(), origin));
      case Command.IncidentRole c -> new Reply.IncidentRoleGiven(incidents.role(actor,
          c.incident(), c.role(), c.person(), origin), c.role(), c.person());
      case Command.IncidentPhase c -> new Reply.IncidentPhaseSet(incidents.phase(actor,
          c.incident(), c.phase(), origin));
      case Command.IncidentNote c -> noted(incidents.note(actor, c.incident(),
          dev.lifeboat.incident.TimelineEntry.Kind.NOTE, c.text(), origin));
      case Command.IncidentFollowup c -> noted(incidents.note(actor, c.incident(),
          dev.lifeboat.incident.TimelineEntry.Kind.FOLLOWUP, c.text(), origin));
      case Command.IncidentUpdate c -> new Reply.IncidentUpdatePosted(incidents.update(actor,
          c.incident(), c.text(), origin), config.incidents().stakeholders());
      case Command.IncidentTimeline c -> {
        var story = incidents.timeline(actor, c.incident(), origin);
        yield new Reply.IncidentTimeline(story.incident(), story.timeline(), now());
      }
      case Command.IncidentResolve c -> {
        var resolved = incidents.resolve(actor, c.incident(), origin);
        yield new Reply.IncidentClosed(resolved.incident(), resolved.report());
      }
      case Command.IncidentShow c -> {
        var shown = incidents.show(actor, c.incident(), origin);
        yield new Reply.IncidentCard(shown.incident(), shown.assessment());
      }
    };
  }

  /**
   * A message someone marked for the timeline (a pin reaction): a note of the incident of the
   * channel it is in; empty when no incident lives there.
   */
  public Optional<Reply> mark(Person actor, String text, Origin origin) {
    return incidents.pin(actor, text, origin).map(this::noted);
  }

  private Reply noted(dev.lifeboat.incident.TimelineEntry entry) {
    return new Reply.IncidentNoteAdded(incidents.find(entry.incidentId()).orElseThrow(), entry);
  }

  /**
   * An approval request; asked for in an incident's channel, its card says which incident it
   * belongs to, first.
   */
  private ApprovalRequest request(Plan plan, Origin origin, String statement,
      Optional<LossPreview> preview) {
    String withContext = incidents.context(origin).map(c -> c + "\n" + statement)
        .orElse(statement);
    return approvals.request(plan, origin, withContext, preview);
  }

  /**
   * An approval or a denial, however it was given: {@code via} "command", "button" or
   * "reaction". The requester's own denial is a withdrawal, and says so.
   */
  public Reply decide(Person actor, long request, boolean approve, String reason, String via) {
    if (approve) {
      return new Reply.ApprovalCounted(approvals.approve(request, actor, via));
    }
    if (approvals.find(request).requestedBy().equals(actor.name())) {
      return new Reply.ApprovalClosed(approvals.cancel(request, actor));
    }
    return new Reply.ApprovalClosed(approvals.deny(request, actor, reason, via));
  }

  /**
   * Continue or abort run {@code run}'s checklist however it was answered: {@code via}
   * "command", "button" or "reaction".
   */
  public Reply answer(Person actor, long run, boolean proceed, String reason, String via) {
    return new Reply.Answered(inquiries.answer(actor, Optional.of(run), proceed, reason, via));
  }

  /** Whether run {@code run} waits for a person's answer now (a reaction then answers it). */
  public boolean waitsForAnswer(long run) {
    return inquiries.waiting().stream().anyMatch(q -> q.runId() == run);
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
    // Before the approval request: nobody should approve a restore that can only fail.
    dev.lifeboat.restore.RestoreMode.named(mode).flatMap(m -> ProviderLimits.refusal(target, m,
        c.backup().orElse("latest"))).ifPresent(why -> {
          throw new InvalidInputException(why);
        });
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
    if (c.withRoles()) {
      if (!plans.runbook("restore").params().containsKey(CreateRoles.PARAM)) {
        throw new InvalidInputException("The restore runbook has no " + CreateRoles.PARAM
            + " parameter, so with-roles would change nothing. Add " + CreateRoles.PARAM
            + ": {default: skip} to its params.");
      }
      if (backup.manifest().globals() == null) {
        throw new InvalidInputException("Backup " + backup.id() + " has no roles saved with it "
            + "(it was taken before Lifeboat saved them, or pg_dumpall failed then); restore "
            + "without with-roles, after creating its owners by hand.");
      }
      params.put(CreateRoles.PARAM, CreateRoles.CREATE);
    }
    Plan plan = plans.build("restore", target, params, actor.name());
    if (!plan.runbook().destructive()) {
      throw new LifeboatException("The restore runbook must be marked destructive: true, so it "
          + "needs approval. Fix " + config.runbooks().getFileName() + "/restore.yaml.");
    }
    String statement = RestoreStatement.describe(target, backup, mode, now(),
        expectedDuration(target));
    // What the restore would lose, read from the live database within a time limit: an
    // unreachable target or a slow count still leaves a request, the card says what is missing.
    LossPreview preview = losses.preview(target, backup.manifest());
    ApprovalRequest request = request(plan, origin, statement, Optional.of(preview));
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
    ApprovalRequest request = request(plan, origin, statement, Optional.empty());
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
    if (record.state().isFinal()) {
      throw new dev.lifeboat.InvalidInputException(record.info().ref() + " already finished ("
          + record.state().label() + "); there is nothing to cancel.");
    }
    if (!record.info().requestedBy().equals(actor.name())) {
      refuseUnless(actor, Action.CANCEL, record.info().target(), "cancel " + record.info().ref());
    }
    RunInfo run = engine.cancel(c.runId(), actor.name());
    audit.append(actor.name(), "cancel", run.target(), "run " + run.ref(), "requested");
    return new Reply.CancelRequested(run);
  }

  /**
   * The target named, else the backup's target, else the only one. A word that is no target
   * but starts like one of its backups ("shop-2020") was a mistyped backup id: say so.
   */
  private Target target(Optional<String> named, Optional<String> backup) {
    if (named.isPresent()) {
      if (!config.targets().containsKey(named.get()) && backup.isEmpty()) {
        for (Target t : config.targets().values()) {
          if (named.get().startsWith(t.name() + "-")) {
            List<String> newest = catalog.list(Optional.of(t.name()), 3).stream()
                .map(BackupRecord::id).toList();
            throw new NotFoundException("No backup " + dev.lifeboat.access.Names.shown(
                named.get()) + (newest.isEmpty() ? "; " + t.name() + " has no backups yet."
                    : "; the newest of " + t.name() + " are " + String.join(", ", newest)
                        + ". /backup list " + t.name() + " shows more."));
          }
        }
      }
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
      throw new NotAuthorizedException(actor.name() + " may not see any target's backups. Ask a Lifeboat admin to add you to a group in lifeboat.yaml.");
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
