package dev.lifeboat.present;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What Lifeboat answers to each command, in one wording for every platform. */
public final class ReplyLines {
  private ReplyLines() {}

  public static List<Line> of(Reply reply) {
    List<Line> lines = new ArrayList<>();
    switch (reply) {
      case Reply.RunAccepted r -> lines.add(Line.of(Tone.STARTED).text(r.run().ref()
          + " started: " + r.run().runbook() + " of " + r.run().target()
          + ". Its progress follows; /cancel " + r.run().ref() + " stops it.").build());
      case Reply.BackupList r -> backups(r, lines);
      case Reply.Status r -> {
        for (Reply.TargetStatus t : r.targets()) {
          Line.Builder line = Line.builder().bold(t.target()).text(": ");
          t.latest().ifPresentOrElse(b -> {
            Duration age = Duration.between(b.manifest().finishedAt(), r.now());
            line.text("newest ").code(b.id()).text(", " + Ago.of(age) + " ago (");
            if (age.compareTo(t.rpo()) > 0) {
              line.status(Tone.WARNING).text("older than RPO " + Ago.of(t.rpo()) + ")");
            } else {
              line.text("within RPO " + Ago.of(t.rpo()) + ")");
            }
          }, () -> line.status(Tone.WARNING).text("no backup yet (RPO " + Ago.of(t.rpo())
              + ")"));
          if (t.unproven()) {
            line.text(", ").status(Tone.WARNING).text("unproven");
          }
          t.active().ifPresent(a -> line.text("; running " + a.info().ref() + " "
              + a.info().runbook() + a.step().map(s -> " at " + s).orElse("")));
          lines.add(line.build());
          lines.add(Line.text("   " + String.join(" · ", StatusLines.details(t, r.now()))));
          for (var k : t.kept().copies()) {
            lines.add(Line.builder().text("  kept for rollback: ").code(k.database())
                .text(", " + Ago.of(Duration.between(k.keptAt(), r.now())) + " old, "
                    + dev.lifeboat.backup.Sizes.human(k.bytes()) + k.until().map(u ->
                        ", dropped in " + Ago.of(Duration.between(r.now(), u)))
                    .orElse(", dropped at the next clean-up")).build());
          }
          t.kept().unknown().ifPresent(why -> lines.add(Line.text("  kept copies: unknown ("
              + why + ")")));
        }
        if (lines.isEmpty()) {
          lines.add(Line.text("No targets you may see."));
        }
      }
      case Reply.Pruned r -> {
        var report = r.report();
        lines.add(Line.text((report.dryRun() ? "Retention of " + report.target()
            + " would delete " + Words.count(report.selection().pruned().size(), "backup")
            : "Retention of " + report.target() + " deleted " + Words.count(report.deleted()
                .size(), "backup")) + " and keeps " + report.selection().kept().size() + " ("
            + report.policy().describe() + ")."));
        report.selection().pruned().forEach(b -> lines.add(Line.builder().text(report.dryRun()
            ? "  would delete " : "  deleted ").code(b.id()).build()));
        if (report.dryRun()) {
          report.selection().kept().forEach(k -> lines.add(Line.builder().text("  keeps ")
              .code(k.backup().id()).text(": " + String.join(", ", k.reasons())).build()));
        }
      }
      case Reply.Answered r -> lines.add(Line.text("Your answer counts: " + r.answer().run().ref()
          + (r.answer().proceed() ? " goes on." : " stops; its cleanup steps still run.")));
      case Reply.Acknowledged r -> lines.add(Line.text("You took " + r.alert().ref()
          + "; its escalation stopped."));
      case Reply.Runs r -> {
        if (r.recent().isEmpty()) {
          lines.add(Line.text("No runs yet."));
        }
        r.recent().forEach(run -> lines.add(Line.builder().code(run.info().ref())
            .text(" " + run.info().runbook() + " " + run.info().target() + " · "
                + run.state().label() + " · " + run.info().requestedBy() + " · "
                + Ago.of(Duration.between(run.info().createdAt(), r.now())) + " ago"
                + run.error().map(m -> " · " + Words.firstLine(m, 200)).orElse(""))
            .build()));
      }
      case Reply.ApprovalPending r -> {
        lines.add(pending(r));
        r.request().preview().ifPresent(p -> lines.addAll(LossLines.summary(p)));
      }
      case Reply.ApprovalCounted r -> {
        var d = r.decision();
        lines.add(d.run().map(run -> Line.of(Tone.APPROVED).text("You approved ")
            .code(d.request().ref()).text("; " + run.ref() + " is starting.").build())
            .orElse(Line.of(Tone.APPROVED).text("Your approval of ").code(d.request().ref())
                .text(" counts (" + d.count() + "/" + d.required() + "); it needs "
                    + (d.required() - d.count()) + " more from someone else.").build()));
      }
      case Reply.ApprovalClosed r -> lines.add(closed(r.request()));
      case Reply.Approvals r -> {
        if (r.pending().isEmpty()) {
          lines.add(Line.text("No requests are waiting for approval."));
        }
        for (ApprovalRequest a : r.pending()) {
          lines.add(Line.builder().code(a.ref()).text(" " + a.runbook() + " " + a.target()
              + " · asked by ").mention(a.requestedBy()).text(" "
                  + Ago.of(Duration.between(a.createdAt(), r.now())) + " ago · "
                  + a.approvers(a.planHash()).size() + "/" + a.required() + " · expires in "
                  + Ago.of(Duration.between(r.now(), a.expiresAt()))).build());
        }
      }
      case Reply.CancelRequested r -> lines.add(Line.of(Tone.CANCELLED).text("Cancelling "
          + r.run().ref() + "; its clean-up steps still run.").build());
      case Reply.IncidentReply r -> lines.addAll(IncidentLines.reply(r));
      case Reply.Help r -> {
        lines.add(Line.builder().bold("Lifeboat commands").build());
        int width = r.commands().stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        r.commands().forEach(c -> lines.add(Line.builder().code(c.usage())
            .text(" ".repeat(width - c.usage().length() + 2) + c.what()).build()));
      }
    }
    return lines;
  }

  private static Line closed(ApprovalRequest r) {
    String by = r.decidedBy().orElse("someone");
    boolean own = by.equals(r.requestedBy());
    return switch (r.state()) {
      case CANCELLED -> Line.of(Tone.WITHDRAWN).text(own ? "You withdrew " : "Withdrew ")
          .code(r.ref()).text(own ? "; nothing runs." : " for " + r.requestedBy()
              + "; nothing runs.").build();
      case DENIED -> Line.of(Tone.DENIED).text("You denied ").code(r.ref())
          .text("; nothing runs.").build();
      case PENDING, APPROVED, EXPIRED, BROKEN_GLASS, STALE -> Line.builder().code(r.ref())
          .text(" is " + r.state().label() + ".").build();
    };
  }

  private static void backups(Reply.BackupList r, List<Line> lines) {
    String of = r.target().map(t -> " of " + t).orElse("");
    if (r.backups().isEmpty()) {
      lines.add(Line.text("No backups" + of + " yet. /backup now takes one."));
      return;
    }
    lines.add(Line.builder().bold("Backups" + of).text(", newest first:").build());
    for (BackupRecord b : r.backups()) {
      BackupManifest m = b.manifest();
      String verified = b.lastVerifiedAt().map(v -> " · verified " + Ago.of(
          Duration.between(v, r.now())) + " ago").orElse(" · never verified");
      lines.add(Line.builder().code(m.id()).text(" · "
          + Ago.of(Duration.between(m.finishedAt(), r.now())) + " ago · "
          + Sizes.human(m.bytes()) + " · " + Words.count(m.tables().size(), "table") + " · "
          + Words.count(m.totalRows(), "row") + " · sha256 ")
          .code(Words.shortChecksum(m.sha256())).text(verified
              + " · in " + String.join(", ", b.stores())).build());
    }
  }

  /** "Asked for approval as a1: bob can approve it. It runs once 1 approval is in." */
  public static Line pending(Reply.ApprovalPending r) {
    return Line.builder().text("Asked for approval as ")
        .code(r.request().ref()).text(": ")
        .mentions(r.approvers(), "nobody (no approver is configured!)")
        .text(r.approvers().size() == 1 ? " can approve it." : " can each approve it.")
        .text(" It runs once " + Words.count(r.request().required(), "approval")
            + (r.request().required() == 1 ? " is" : " are") + " in.").build();
  }
}
