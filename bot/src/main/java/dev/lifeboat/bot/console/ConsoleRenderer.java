package dev.lifeboat.bot.console;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.RunInterrupted;
import dev.lifeboat.event.LifeboatEvent.RunStarted;
import dev.lifeboat.event.LifeboatEvent.StepFinished;
import dev.lifeboat.event.LifeboatEvent.StepLog;
import dev.lifeboat.event.LifeboatEvent.StepProgress;
import dev.lifeboat.event.LifeboatEvent.StepStarted;
import dev.lifeboat.event.LifeboatEvent.StepStatus;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import dev.lifeboat.verify.VerifyReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain-text rendering of replies and run events. On a terminal a run's progress redraws one
 * line (the console's "edit one message"); in a pipe it prints at most one progress line per
 * second per run, so logs stay readable and scripted output stays short.
 */
public final class ConsoleRenderer implements EventSink {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private final PrintStream out;
  private final boolean terminal;
  private final Clock clock;
  private final Map<Long, Instant> lastProgress = new ConcurrentHashMap<>();
  private boolean lineOpen;

  public ConsoleRenderer(PrintStream out, boolean terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  @Override
  public synchronized void publish(LifeboatEvent event) {
    if (event instanceof LifeboatEvent.ApprovalEvent e) {
      approval(e);
      return;
    }
    if (event instanceof LifeboatEvent.AlertEvent e) {
      alert(e);
      return;
    }
    String ref = ((LifeboatEvent.RunEvent) event).run().ref();
    if (event instanceof RunStarted e) {
      say(ref + " " + e.run().runbook() + " of " + e.run().target() + " started for "
          + e.run().requestedBy() + " (" + String.join(" → ", e.steps()) + "); /cancel " + ref
          + " stops it");
    } else if (event instanceof StepStarted e) {
      progressLine(ref + " · " + e.step() + " (" + e.index() + "/" + e.of() + ")…");
    } else if (event instanceof StepProgress e) {
      Instant now = clock.instant();
      Instant last = lastProgress.get(e.run().id());
      boolean due = last == null || Duration.between(last, now).compareTo(PROGRESS_EVERY) >= 0
          || (e.total() > 0 && e.done() == e.total());
      if (terminal || due) {
        lastProgress.put(e.run().id(), now);
        String count = e.total() > 0 ? e.done() + "/" + e.total() + " · " : "";
        progressLine(ref + " · " + e.step() + " " + count + e.detail());
      }
    } else if (event instanceof StepLog e) {
      if (terminal) {
        progressLine(ref + " · " + e.step() + ": " + e.line());
      }
    } else if (event instanceof StepFinished e) {
      if (e.status() == StepStatus.FAILED) {
        say(ref + " · " + e.step() + " failed: " + e.error().orElse("no reason given"));
      } else if (e.status() == StepStatus.SUCCEEDED && !terminal) {
        say(ref + " · " + e.step() + " done in " + Ago.of(e.took()));
      }
    } else if (event instanceof RunFinished e) {
      lastProgress.remove(e.run().id());
      finished(e);
    } else if (event instanceof RunInterrupted e) {
      say("⚠ " + ref + " " + e.run().runbook() + " of " + e.run().target() + " for "
          + e.run().requestedBy() + " was interrupted during " + e.lastStep()
          + " (Lifeboat stopped). Nothing half-written was kept; run it again.");
      e.tidied().forEach(line -> say("   " + line));
    } else {
      say(ref + " " + event.getClass().getSimpleName());
    }
  }

  private void alert(LifeboatEvent.AlertEvent event) {
    var a = event.alert();
    say(switch (event) {
      case LifeboatEvent.AlertRaised e -> "🚨 " + a.ref() + " " + a.target() + ": " + a.summary()
          + at(e.mentions()) + " · /ack " + a.ref() + " takes it";
      case LifeboatEvent.AlertEscalated e -> "🚨 " + a.ref() + " still open (level " + e.level()
          + " of " + e.of() + "): " + a.summary() + at(e.mentions()) + " · /ack " + a.ref();
      case LifeboatEvent.AlertAcknowledged e -> "👀 " + a.ref() + " taken by " + e.by()
          + "; escalation stopped.";
      case LifeboatEvent.AlertResolved e -> "✅ " + a.ref() + " resolved after " + Ago.of(e.open())
          + ": " + a.target() + " is healthy again (" + a.monitor() + ").";
    });
  }

  private static String at(List<String> people) {
    return people.isEmpty() ? "" : " · " + String.join(" ", people.stream().map(p -> "@" + p)
        .toList());
  }

  private void approval(LifeboatEvent.ApprovalEvent event) {
    ApprovalRequest r = event.request();
    if (event instanceof LifeboatEvent.ApprovalRequested e) {
      say("🔐 " + r.ref() + " " + r.requestedBy() + " asks to " + r.runbook() + " "
          + r.target() + ". " + r.statement());
      // Upper case is the console's bold: an approver must not read past it.
      r.cautions().forEach(c -> say("   ⚠ " + c.toUpperCase(java.util.Locale.ROOT)));
      say("   Needs " + r.required() + " approval" + (r.required() == 1 ? "" : "s") + " from "
          + (e.approvers().isEmpty() ? "nobody (no approver is configured!)"
              : String.join(", ", e.approvers())) + " · /approve " + r.ref() + " or /deny "
          + r.ref() + " · expires in " + Ago.of(Duration.between(r.createdAt(),
              r.expiresAt())));
    } else if (event instanceof LifeboatEvent.ApprovalGranted e) {
      say("👍 " + r.ref() + " approved by " + e.by() + " (" + e.count() + "/" + e.required() + ")"
          + e.run().map(run -> " · starting " + run.ref()).orElse(""));
    } else if (event instanceof LifeboatEvent.ApprovalDenied e) {
      say("🚫 " + r.ref() + " denied by " + e.by() + ": " + e.reason());
    } else if (event instanceof LifeboatEvent.ApprovalExpired) {
      say("⌛ " + r.ref() + " expired without enough approvals; nothing ran.");
    } else if (event instanceof LifeboatEvent.ApprovalCancelled e) {
      say("↩ " + r.ref() + " withdrawn by " + e.by() + "; nothing ran.");
    } else if (event instanceof LifeboatEvent.ApprovalStale e) {
      say("⚠ " + r.ref() + " is void: " + e.change() + " since " + r.requestedBy()
          + " asked; nothing ran. Ask again: " + e.askAgain());
    } else if (event instanceof LifeboatEvent.BreakGlassUsed e) {
      say("🚨 BREAK-GLASS: " + e.by() + " runs " + r.runbook() + " of " + r.target()
          + " as " + e.run().ref() + " WITHOUT approval. Reason: " + e.reason());
    }
  }

  private void finished(RunFinished e) {
    String ref = e.run().ref();
    String head = switch (e.state()) {
      case SUCCEEDED -> "✅ ";
      case CANCELLED -> "⏹ ";
      default -> "❌ ";
    };
    say(head + ref + " " + e.run().runbook() + " of " + e.run().target() + " "
        + e.state().label() + " after " + Ago.of(e.took()));
    if (e.state() != RunState.SUCCEEDED) {
      e.error().ifPresent(m -> say("   " + m));
    }
    for (RunResult r : e.results()) {
      for (String line : lines(r)) {
        say("   " + line);
      }
    }
  }

  static List<String> lines(RunResult result) {
    List<String> lines = new ArrayList<>();
    if (result instanceof RunResult.Verified v) {
      VerifyReport r = v.report();
      lines.add((r.ok() ? "verified " : "NOT verified ") + r.backupId() + " · checksum "
          + r.checksumOk().map(ok -> ok ? "ok" : "MISMATCH").orElse("not checked") + " · "
          + r.tablesCompared() + " tables, " + String.format(Locale.ROOT, "%,d", r.rowsCompared())
          + " rows match · checks " + r.checksPassed() + "/" + r.checksRun()
          + r.migrationsApplied().map(n -> " · " + n + " migrations").orElse("")
          + r.restoreTook().map(d -> " · restore " + Ago.of(d)).orElse(""));
      r.problems().forEach(p -> lines.add("✗ " + p));
    } else if (result instanceof RunResult.Restored x) {
      var r = x.report();
      lines.add("restored " + r.backupId() + " into " + r.database() + " (" + r.mode() + ") in "
          + Ago.of(r.took()));
      r.keptAs().ifPresent(k -> lines.add("previous database kept as " + k + " (read-only) "
          + "for rollback"));
      r.safetyBackup().ifPresent(b -> lines.add("safety backup of the previous state: " + b));
    } else if (result instanceof RunResult.Drilled d) {
      var r = d.report();
      lines.add("drill " + (r.passed() ? "PASSED" : "FAILED") + " · RTO "
          + r.rtoMeasured().map(Ago::of).orElse("not measured") + " (objective "
          + Ago.of(r.rtoObjective()) + ") · RPO " + Ago.of(r.rpoMeasured()) + " (objective "
          + Ago.of(r.rpoObjective()) + ")");
      lines.add("report " + r.location());
    } else if (result instanceof RunResult.BackupTaken b) {
      BackupManifest m = b.manifest();
      lines.add(m.id() + " · " + Sizes.human(m.bytes()) + " · " + m.tables().size() + " tables · "
          + String.format(Locale.ROOT, "%,d", m.totalRows()) + " rows · dump "
          + Ago.of(m.duration()));
      lines.add("sha256 " + m.sha256() + " · store " + b.store());
    }
    return lines;
  }

  public synchronized void reply(Reply reply) {
    if (reply instanceof Reply.RunAccepted) {
      // The run's own events say it started (and may already have been printed): the
      // RunStarted line carries what this reply would, so the output is the same every time.
      return;
    } else if (reply instanceof Reply.BackupList r) {
      backupList(r);
    } else if (reply instanceof Reply.Status r) {
      for (Reply.TargetStatus t : r.targets()) {
        String latest = t.latest().map(b -> {
          Duration age = Duration.between(b.manifest().finishedAt(), r.now());
          String flag = age.compareTo(t.rpo()) > 0 ? "⚠ older than RPO " + Ago.of(t.rpo())
              : "within RPO " + Ago.of(t.rpo());
          return "newest " + b.id() + ", " + Ago.of(age) + " ago (" + flag + ")"
              + (t.unproven() ? ", ⚠ unproven" : "");
        }).orElse("⚠ no backup yet (RPO " + Ago.of(t.rpo()) + ")");
        String active = t.active().map(a -> "; running " + a.info().ref() + " "
            + a.info().runbook() + a.step().map(s -> " at " + s).orElse("")).orElse("");
        say(t.target() + ": " + latest + active);
        say("   " + String.join(" · ", dev.lifeboat.bot.status.StatusLines.details(t, r.now())));
        for (var k : t.kept().copies()) {
          say("  kept for rollback: " + k.database() + ", " + Ago.of(Duration.between(
              k.keptAt(), r.now())) + " old, " + dev.lifeboat.backup.Sizes.human(k.bytes())
              + k.until().map(u -> ", dropped in " + Ago.of(Duration.between(r.now(), u)))
                  .orElse(", dropped at the next clean-up"));
        }
        t.kept().unknown().ifPresent(why -> say("  kept copies: unknown (" + why + ")"));
      }
    } else if (reply instanceof Reply.Pruned r) {
      var report = r.report();
      say((report.dryRun() ? "Retention of " + report.target() + " would delete "
          + report.selection().pruned().size() : "Retention of " + report.target() + " deleted "
          + report.deleted().size()) + " backup(s) and keeps " + report.selection().kept().size()
          + " (" + report.policy().describe() + ").");
      report.selection().pruned().forEach(b -> say((report.dryRun() ? "  would delete " : "  deleted ")
          + b.id()));
      if (report.dryRun()) {
        report.selection().kept().forEach(k -> say("  keeps " + k.backup().id() + ": "
            + String.join(", ", k.reasons())));
      }
    } else if (reply instanceof Reply.Acknowledged r) {
      say("You took " + r.alert().ref() + "; its escalation stopped.");
    } else if (reply instanceof Reply.Runs r) {
      if (r.recent().isEmpty()) {
        say("No runs yet.");
      }
      r.recent().forEach(run -> say(run.info().ref() + " " + run.info().runbook() + " "
          + run.info().target() + " · " + run.state().label() + " · " + run.info().requestedBy()
          + " · " + Ago.of(Duration.between(run.info().createdAt(), r.now())) + " ago"
          + run.error().map(m -> " · " + m).orElse("")));
    } else if (reply instanceof Reply.ApprovalPending r) {
      say("Asked for approval as " + r.request().ref() + "; it runs once approved.");
    } else if (reply instanceof Reply.ApprovalCounted r) {
      var d = r.decision();
      if (d.run().isEmpty()) {
        say("Your approval of " + d.request().ref() + " counts (" + d.count() + "/"
            + d.required() + ").");
      }
    } else if (reply instanceof Reply.ApprovalClosed r) {
      say(r.request().ref() + " is " + r.request().state().label() + ".");
    } else if (reply instanceof Reply.Approvals r) {
      if (r.pending().isEmpty()) {
        say("No requests are waiting for approval.");
      }
      r.pending().forEach(a -> say(a.ref() + " " + a.runbook() + " " + a.target() + " · asked by "
          + a.requestedBy() + " " + Ago.of(Duration.between(a.createdAt(), r.now())) + " ago · "
          + a.approvals().size() + "/" + a.required() + " · expires in "
          + Ago.of(Duration.between(r.now(), a.expiresAt()))));
    } else if (reply instanceof Reply.CancelRequested r) {
      say("Cancelling " + r.run().ref() + "; its clean-up steps still run.");
    } else if (reply instanceof Reply.Help r) {
      say("Lifeboat commands:");
      r.commands().forEach(c -> say(String.format(Locale.ROOT, "  %-24s %s", c.usage(),
          c.what())));
    } else {
      say(reply.toString());
    }
  }

  private void backupList(Reply.BackupList r) {
    if (r.backups().isEmpty()) {
      say("No backups" + r.target().map(t -> " of " + t).orElse("") + " yet. /backup now takes "
          + "one.");
      return;
    }
    say("Backups" + r.target().map(t -> " of " + t).orElse("") + ", newest first:");
    for (BackupRecord b : r.backups()) {
      BackupManifest m = b.manifest();
      String verified = b.lastVerifiedAt().map(v -> " · verified " + Ago.of(
          Duration.between(v, r.now())) + " ago").orElse(" · not verified");
      say("  " + m.id() + " · " + Ago.of(Duration.between(m.finishedAt(), r.now())) + " ago · "
          + Sizes.human(m.bytes()) + " · " + m.tables().size() + " tables · "
          + String.format(Locale.ROOT, "%,d", m.totalRows()) + " rows · sha256 "
          + m.sha256().substring(0, 12) + "…" + verified);
    }
  }

  public synchronized void error(String message) {
    say("⚠ " + message);
  }

  public synchronized void say(String line) {
    if (lineOpen) {
      out.print("\r\033[K");
      lineOpen = false;
    }
    out.println(line);
    out.flush();
  }

  private void progressLine(String line) {
    if (terminal) {
      out.print("\r\033[K" + line);
      out.flush();
      lineOpen = true;
    } else {
      say(line);
    }
  }
}
