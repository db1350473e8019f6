package dev.lifeboat.command;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Runbook;
import dev.lifeboat.target.Target;
import java.time.Clock;
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
      new Reply.CommandHelp("/backup status", "newest backup per target against its RPO, "
          + "and what runs"),
      new Reply.CommandHelp("/runs", "recent and active runs"),
      new Reply.CommandHelp("/cancel RUN", "cancel a run, e.g. /cancel r12"),
      new Reply.CommandHelp("/help", "this list"));

  private final LifeboatConfig config;
  private final AccessPolicy access;
  private final Map<String, Runbook> runbooks;
  private final RunEngine engine;
  private final BackupCatalog catalog;
  private final AuditLog audit;
  private final Clock clock;

  public CommandService(LifeboatConfig config, Map<String, Runbook> runbooks, RunEngine engine,
      BackupCatalog catalog, AuditLog audit, Clock clock) {
    this.config = config;
    this.access = config.access();
    this.runbooks = Map.copyOf(runbooks);
    this.engine = engine;
    this.catalog = catalog;
    this.audit = audit;
    this.clock = clock;
    runbook("backup");
  }

  public AccessPolicy access() {
    return access;
  }

  public Reply execute(Person actor, Command command, Origin origin) {
    if (command instanceof Command.BackupNow c) {
      return backupNow(actor, c, origin);
    } else if (command instanceof Command.BackupList c) {
      Optional<String> target = c.target().map(t -> config.target(t).name());
      target.ifPresentOrElse(t -> access.require(actor, Action.VIEW, t),
          () -> requireAnyTarget(actor));
      return new Reply.BackupList(target, catalog.list(target, 10), now());
    } else if (command instanceof Command.BackupStatus) {
      requireAnyTarget(actor);
      List<Reply.TargetStatus> statuses = config.targets().values().stream()
          .filter(t -> access.allows(actor, Action.VIEW, t.name()))
          .map(t -> new Reply.TargetStatus(t.name(), catalog.latest(t.name()), t.rpo(),
              engine.active(t.name())))
          .toList();
      return new Reply.Status(statuses, now());
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

  private Reply backupNow(Person actor, Command.BackupNow c, Origin origin) {
    Target target = c.target().map(config::target).orElseGet(config::defaultTarget);
    refuseUnless(actor, Action.BACKUP, target.name(), "backup now");
    Plan plan = Plan.of(runbook("backup"), target, Map.of("target", target.name()), actor.name());
    try {
      RunInfo run = engine.start(plan, origin);
      audit.append(actor.name(), "backup now", target.name(), "run " + run.ref(), "started");
      return new Reply.RunAccepted(run);
    } catch (LifeboatException e) {
      audit.append(actor.name(), "backup now", target.name(), e.getMessage(), "refused");
      throw e;
    }
  }

  private Reply cancel(Person actor, Command.Cancel c) {
    RunRecord record = engine.find(c.runId()).orElseThrow(() -> new dev.lifeboat.NotFoundException(
        "No run r" + c.runId() + ". /runs lists them."));
    if (!record.info().requestedBy().equals(actor.name())) {
      refuseUnless(actor, Action.CANCEL, record.info().target(), "cancel " + record.info().ref());
    }
    RunInfo run = engine.cancel(c.runId(), actor.name());
    audit.append(actor.name(), "cancel", run.target(), "run " + run.ref(), "requested");
    return new Reply.CancelRequested(run);
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

  private Runbook runbook(String name) {
    Runbook r = runbooks.get(name);
    if (r == null) {
      throw new ConfigException(config.runbooks().getFileName() + "/" + name + ".yaml: missing; "
          + "the /" + name + " command needs a runbook named " + name + " (copy it from "
          + "config/runbooks in the Lifeboat repository)");
    }
    return r;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
