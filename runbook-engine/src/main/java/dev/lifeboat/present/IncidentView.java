package dev.lifeboat.present;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.incident.Assessment;
import dev.lifeboat.incident.DatabaseState;
import dev.lifeboat.incident.Incident;
import dev.lifeboat.incident.Phase;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's card: one message in its channel, edited in place as things change. What broke
 * and who leads, then what a decision needs: the data a restore would lose now, how long it
 * would take, the database's state, what waits and runs, and the ways back.
 */
public record IncidentView(Incident incident, Assessment assessment) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  public static IncidentView of(LifeboatEvent.IncidentEvent event) {
    return new IncidentView(event.incident(), event.assessment());
  }

  /** "i3 · sev1 · checkout is down · shop", an alarm while open. */
  public Line title() {
    Incident i = incident;
    return Line.of(i.open() ? Tone.ALARM : Tone.OK).bold(i.ref() + " · " + i.severity().label()
        + " · " + i.title()).text(" · " + i.target() + (i.open() ? "" : " · resolved")).build();
  }

  public List<Line> lines() {
    Incident i = incident;
    Assessment a = assessment;
    Instant now = a.at();
    List<Line> lines = new ArrayList<>();
    lines.add(title());
    Line.Builder people = Line.builder().text("Phase ").bold(i.phase().label())
        .text(i.phase() == Phase.RESOLVED ? "" : " (" + (i.phase().ordinal() + 1) + "/"
            + (Phase.values().length - 1) + ")").text(" · commander ").mention(i.commander());
    i.scribe().ifPresent(s -> people.text(" · scribe ").mention(s));
    i.dba().ifPresent(d -> people.text(" · dba ").mention(d));
    lines.add(people.build());
    if (!i.open()) {
      lines.add(Line.builder().text("Resolved after " + Ago.of(Duration.between(i.startedAt(),
          i.resolvedAt().orElseThrow())) + " by " + i.resolvedBy().orElse("?")
          + i.report().map(r -> " · report " + r).orElse("")).build());
      return lines;
    }
    lines.add(loss(a));
    lines.add(restoreTime(a, now));
    lines.add(database(a, now));
    lines.add(waiting(a));
    lines.addAll(options(a));
    lines.add(Line.text(i.lastUpdateAt().map(u -> "Last update " + Ago.of(Duration.between(u,
        now)) + " ago").orElse("No status update yet") + " · /incident update TEXT"));
    return lines;
  }

  /** The card's notification text, for phones. */
  public String notification() {
    return incident.ref() + " " + incident.severity().label() + " " + incident.title() + " ("
        + incident.phase().label() + ")";
  }

  private static Line loss(Assessment a) {
    if (a.newestGood().isEmpty()) {
      return Line.of(Tone.WARNING).text("No good backup of " + a.target()
          + ": a restore has nothing to start from.").build();
    }
    BackupRecord b = a.newestGood().get();
    Duration loss = a.lossIfRestoredNow().orElseThrow();
    Line.Builder line = Line.builder().text("Data-loss window if restored now: ")
        .bold(Ago.of(loss)).text(" (").code(b.id()).text(", snapshot "
            + TIME.format(b.manifest().startedAt()) + (b.verifiedGood() ? ", verified" : "")
            + ")");
    if (loss.compareTo(a.rpo()) > 0) {
      line.text(" ").status(Tone.WARNING).text("over RPO " + Ago.of(a.rpo()));
    }
    return line.build();
  }

  private static Line restoreTime(Assessment a, Instant now) {
    return a.lastVerified().flatMap(v -> v.lastRestoreTook().map(took -> {
      Line.Builder line = Line.builder().text("Expected restore: ").bold(Ago.of(took))
          .text(" (verified " + Ago.of(Duration.between(v.lastVerifiedAt().orElseThrow(), now))
              + " ago; RTO " + Ago.of(a.rto()) + ")");
      if (took.compareTo(a.rto()) > 0) {
        line.text(" ").status(Tone.WARNING).text("over RTO");
      }
      return line.build();
    })).orElse(Line.text("Expected restore: unknown, no verification measured one yet (RTO "
        + Ago.of(a.rto()) + "); /verify latest measures it"));
  }

  private static Line database(Assessment a, Instant now) {
    if (a.database().isEmpty()) {
      return Line.text("Database: not checked yet");
    }
    DatabaseState d = a.database().get();
    String when = " (checked " + Ago.of(Duration.between(d.at(), now)) + " ago)";
    if (d.reachable()) {
      return Line.of(Tone.OK).text("Database reachable" + d.bytes().map(n -> " · "
          + Sizes.human(n)).orElse("") + when).build();
    }
    return Line.of(Tone.FAILED).text("Database unreachable: " + Words.firstLine(d.problem()
        .orElse("no answer"), 160) + when).build();
  }

  private static Line waiting(Assessment a) {
    Line.Builder line = Line.builder();
    if (a.pending().isEmpty()) {
      line.text("No approval waiting");
    } else {
      line.text("Waiting: ");
      for (int n = 0; n < a.pending().size(); n++) {
        ApprovalRequest r = a.pending().get(n);
        line.text(n == 0 ? "" : ", ").code(r.ref()).text(" " + r.runbook() + " ("
            + r.approvers(r.planHash()).size() + "/" + r.required() + ")");
      }
    }
    a.active().ifPresentOrElse(run -> line.text(" · running ").code(run.info().ref())
        .text(" " + run.info().runbook() + run.step().map(s -> " at " + s).orElse("")),
        () -> line.text(" · nothing running"));
    return line.build();
  }

  private static List<Line> options(Assessment a) {
    List<Line> lines = new ArrayList<>();
    a.newestGood().ifPresent(b -> lines.add(Line.builder().text("Option: ")
        .code("/restore " + b.id() + " " + a.target()).text(" (side by side; the current "
            + "database is kept)").build()));
    a.pointInTime().ifPresent(p -> lines.add(Line.builder().text("Option: point-in-time "
        + "recovery at ").code(p.url()).text(": " + p.instructions()).build()));
    return lines;
  }
}
