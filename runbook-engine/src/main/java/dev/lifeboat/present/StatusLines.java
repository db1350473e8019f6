package dev.lifeboat.present;

import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-text details of a target's status after its first line: last verification and
 * drill against the RTO, the next scheduled run, open alerts.
 */
final class StatusLines {
  private StatusLines() {}

  static List<String> details(Reply.TargetStatus t, Instant now) {
    List<String> parts = new ArrayList<>();
    parts.add(t.lastVerified().map(b -> "verified " + b.id() + " "
        + Ago.of(Duration.between(b.lastVerifiedAt().orElseThrow(), now)) + " ago: "
        + (b.verifiedGood() ? "ok" : "FAILED") + b.lastRestoreTook().map(d -> ", restore took "
            + Ago.of(d) + (d.compareTo(t.rto()) > 0 ? " (⚠ over RTO " : " (within RTO ")
            + Ago.of(t.rto()) + ")").orElse("")).orElse("never verified"));
    parts.add(t.lastDrill().map(d -> "drill " + d.info().ref() + " " + d.state().label() + " "
        + Ago.of(Duration.between(d.finishedAt().orElse(d.info().createdAt()), now)) + " ago")
        .orElse("no drill yet"));
    parts.add(t.next().map(n -> "next " + n.schedule().kind().runbook() + " in "
        + Ago.of(Duration.between(now, n.at())) + " (" + n.at() + ")").orElse("no schedule"));
    parts.add(t.alerts().isEmpty() ? "no open alerts" : t.alerts().size() + " open alert(s): "
        + String.join(", ", t.alerts().stream().map(a -> a.ref() + " " + a.monitor()
            + (a.acknowledged() ? " (taken by " + a.ackedBy().orElseThrow() + ")" : "")).toList()));
    return parts;
  }
}
