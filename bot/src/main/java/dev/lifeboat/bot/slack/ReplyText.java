package dev.lifeboat.bot.slack;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a command, shown only to whoever typed it (an ephemeral reply). What happens
 * for everyone (a run, an approval request) is a channel message of its own.
 */
final class ReplyText {
  private final SlackPeople people;

  ReplyText(SlackPeople people) {
    this.people = people;
  }

  String render(Reply reply) {
    List<String> lines = new ArrayList<>();
    if (reply instanceof Reply.RunAccepted r) {
      lines.add(":rocket: " + r.run().ref() + " started: " + Mrkdwn.escape(r.run().runbook())
          + " of " + Mrkdwn.escape(r.run().target()) + ". Its progress is in this channel; /cancel "
          + r.run().ref() + " stops it.");
    } else if (reply instanceof Reply.BackupList r) {
      backups(r, lines);
    } else if (reply instanceof Reply.Status r) {
      for (Reply.TargetStatus t : r.targets()) {
        String latest = t.latest().map(b -> {
          Duration age = Duration.between(b.manifest().finishedAt(), r.now());
          String flag = age.compareTo(t.rpo()) > 0 ? ":warning: older than RPO " + Ago.of(t.rpo())
              : "within RPO " + Ago.of(t.rpo());
          return "newest `" + b.id() + "`, " + Ago.of(age) + " ago (" + flag + ")";
        }).orElse(":warning: no backup yet (RPO " + Ago.of(t.rpo()) + ")");
        String active = t.active().map(a -> "; running " + a.info().ref() + " "
            + a.info().runbook() + a.step().map(s -> " at " + s).orElse("")).orElse("");
        lines.add("*" + Mrkdwn.escape(t.target()) + "*: " + latest
            + (t.unproven() ? " :warning: unproven" : "") + Mrkdwn.escape(active));
        lines.add("    " + Mrkdwn.escape(String.join(" · ",
            dev.lifeboat.bot.status.StatusLines.details(t, r.now()))));
        for (var k : t.kept().copies()) {
          lines.add("  kept for rollback: `" + Mrkdwn.escape(k.database()) + "`, "
              + Ago.of(Duration.between(k.keptAt(), r.now())) + " old, "
              + dev.lifeboat.backup.Sizes.human(k.bytes()) + k.until().map(u -> ", dropped in "
                  + Ago.of(Duration.between(r.now(), u))).orElse(", dropped at the next clean-up"));
        }
        t.kept().unknown().ifPresent(why -> lines.add("  kept copies: unknown ("
            + Mrkdwn.escape(why) + ")"));
      }
      if (lines.isEmpty()) {
        lines.add("No targets you may see.");
      }
    } else if (reply instanceof Reply.Pruned r) {
      var report = r.report();
      lines.add("*Retention of " + Mrkdwn.escape(report.target()) + "*: "
          + (report.dryRun() ? "would delete " + report.selection().pruned().size()
              : "deleted " + report.deleted().size()) + ", keeps "
          + report.selection().kept().size() + " (" + report.policy().describe() + ")");
      report.selection().pruned().forEach(b -> lines.add((report.dryRun() ? "would delete `"
          : "deleted `") + b.id() + "`"));
      if (report.dryRun()) {
        report.selection().kept().forEach(k -> lines.add("keeps `" + k.backup().id() + "`: "
            + Mrkdwn.escape(String.join(", ", k.reasons()))));
      }
    } else if (reply instanceof Reply.Acknowledged r) {
      lines.add("You took `" + r.alert().ref() + "`; its escalation stopped.");
    } else if (reply instanceof Reply.Runs r) {
      if (r.recent().isEmpty()) {
        lines.add("No runs yet.");
      }
      r.recent().forEach(run -> lines.add("`" + run.info().ref() + "` " + run.info().runbook()
          + " " + Mrkdwn.escape(run.info().target()) + " · " + run.state().label() + " · "
          + Mrkdwn.escape(run.info().requestedBy()) + " · "
          + Ago.of(Duration.between(run.info().createdAt(), r.now())) + " ago"
          + run.error().map(m -> " · " + Mrkdwn.escape(RunProgress.firstLine(m, 200)))
              .orElse("")));
    } else if (reply instanceof Reply.ApprovalPending r) {
      lines.add("Asked for approval as `" + r.request().ref() + "`: "
          + people.mentions(r.approvers()) + " can approve it with the button or :"
          + ApprovalCard.APPROVE_REACTION + ": on the request. It runs once approved.");
    } else if (reply instanceof Reply.ApprovalCounted r) {
      var d = r.decision();
      lines.add(d.run().map(run -> "You approved `" + d.request().ref() + "`; " + run.ref()
          + " is starting.").orElse("Your approval of `" + d.request().ref() + "` counts ("
          + d.count() + "/" + d.required() + ")."));
    } else if (reply instanceof Reply.ApprovalClosed r) {
      lines.add("`" + r.request().ref() + "` is " + r.request().state().label() + ".");
    } else if (reply instanceof Reply.Approvals r) {
      approvals(r, lines);
    } else if (reply instanceof Reply.CancelRequested r) {
      lines.add("Cancelling " + r.run().ref() + "; its clean-up steps still run.");
    } else if (reply instanceof Reply.Help r) {
      lines.add("*Lifeboat commands*");
      r.commands().forEach(c -> lines.add("`" + c.usage() + "` " + c.what()));
    } else {
      lines.add(Mrkdwn.escape(reply.toString()));
    }
    return Mrkdwn.truncate(String.join("\n", lines), Mrkdwn.SECTION);
  }

  private static void backups(Reply.BackupList r, List<String> lines) {
    String of = r.target().map(t -> " of " + Mrkdwn.escape(t)).orElse("");
    if (r.backups().isEmpty()) {
      lines.add("No backups" + of + " yet. /backup now takes one.");
      return;
    }
    lines.add("*Backups" + of + "*, newest first:");
    for (BackupRecord b : r.backups()) {
      BackupManifest m = b.manifest();
      String verified = b.lastVerifiedAt().map(v -> " · verified " + Ago.of(
          Duration.between(v, r.now())) + " ago").orElse(" · not verified");
      lines.add("`" + m.id() + "` · " + Ago.of(Duration.between(m.finishedAt(), r.now()))
          + " ago · " + Sizes.human(m.bytes()) + " · " + m.tables().size() + " tables · "
          + RunText.count(m.totalRows()) + " rows" + verified);
    }
  }

  private void approvals(Reply.Approvals r, List<String> lines) {
    if (r.pending().isEmpty()) {
      lines.add("No requests are waiting for approval.");
    }
    for (ApprovalRequest a : r.pending()) {
      lines.add("`" + a.ref() + "` " + a.runbook() + " " + Mrkdwn.escape(a.target())
          + " · asked by " + people.mention(a.requestedBy()) + " "
          + Ago.of(Duration.between(a.createdAt(), r.now())) + " ago · "
          + a.approvals().size() + "/" + a.required() + " · expires in "
          + Ago.of(Duration.between(r.now(), a.expiresAt())));
    }
  }
}
