package dev.lifeboat.present;

import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.incident.Incident;
import dev.lifeboat.incident.IncidentReport;
import dev.lifeboat.incident.TimelineEntry;
import dev.lifeboat.run.Ago;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an incident says besides its card: the messages its events post in its channel (pings,
 * checklists, notes, updates, reminders, the summary), the update for the stakeholders, and the
 * answers to the incident commands. One wording for every platform.
 */
public final class IncidentLines {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm")
      .withZone(ZoneOffset.UTC);

  private IncidentLines() {}

  /** The message an event posts in the incident's channel; empty when only the card changes. */
  public static Optional<List<Line>> notice(LifeboatEvent.IncidentEvent event) {
    Incident i = event.incident();
    return switch (event) {
      case LifeboatEvent.IncidentOpened e -> {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.of(Tone.ALARM).bold("Incident " + i.ref() + " (" + i.severity().label()
            + "): " + i.title()).text(" on " + i.target() + " · commander ")
            .mention(i.commander()).build());
        lines.add(Line.builder().text("cc ").mentions(e.mentions(),
            "nobody (the target has no escalation policy)").build());
        lines.addAll(checklist("assess", e.checklist()));
        yield Optional.of(lines);
      }
      case LifeboatEvent.IncidentRoleChanged e -> Optional.of(List.of(Line.builder()
          .mention(e.person()).text(" is " + e.role().label() + " of " + i.ref() + " (set by "
              + e.by() + ")").build()));
      case LifeboatEvent.IncidentPhaseChanged e -> {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.of(Tone.STARTED).text(i.ref() + " moves to ").bold(e.to().label())
            .text(" (from " + e.from().label() + ", by " + e.by() + ")").build());
        lines.addAll(checklist(e.to().label(), e.checklist()));
        yield Optional.of(lines);
      }
      case LifeboatEvent.IncidentNoted e -> Optional.of(List.of(noted(e.entry())));
      case LifeboatEvent.IncidentUpdated e -> Optional.of(List.of(Line.builder()
          .bold("Update on " + i.ref()).text(" from ").mention(e.by()).text(": " + e.text())
          .build()));
      case LifeboatEvent.IncidentReminder e -> Optional.of(List.of(Line.of(Tone.WARNING)
          .mention(i.commander()).text(": no update on " + i.ref() + " for "
              + Ago.of(e.quiet()) + ". ").code("/incident update TEXT")
          .text(" tells the channel and the stakeholders.").build()));
      case LifeboatEvent.IncidentAssessed e -> Optional.empty();
      case LifeboatEvent.IncidentResolved e -> Optional.of(summary(i, e.report()));
    };
  }

  /** A status update as the stakeholders' channel reads it: which incident, then the words. */
  public static List<Line> forStakeholders(LifeboatEvent.IncidentUpdated e) {
    Incident i = e.incident();
    return List.of(Line.builder().bold(i.ref() + " " + i.severity().label() + " · "
        + i.title()).text(" (" + i.target() + ", phase " + i.phase().label() + ") · update from ")
        .mention(e.by()).text(": " + e.text()).build());
  }

  /** The summary posted at the end: the measured figures and where the report is. */
  public static List<Line> summary(Incident i, IncidentReport r) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of(Tone.OK).bold(i.ref() + " resolved").text(" after " + Ago.of(r.open())
        + " · " + i.title()).build());
    r.restore().ifPresentOrElse(s -> {
      lines.add(Line.builder().text("Time to restore (RTO): ").bold(Ago.of(s.took()))
          .text(" (" + s.run() + "; objective " + Ago.of(s.rto()) + ")").build());
      lines.add(Line.builder().text("Data-loss window (RPO): ").bold(s.lossWindow().map(Ago::of)
          .orElse("unknown")).text(" (").code(s.backup()).text("; objective "
              + Ago.of(s.rpo()) + ")").build());
    }, () -> lines.add(Line.text("No restore ran in this incident.")));
    lines.add(Line.text("Time to detect: " + r.detect().map(d -> Ago.of(d) + " (from "
        + r.detectedBy().orElse("?") + ")").orElse("not measured (no alert came first)")
        + " · " + Words.count(r.runs().size(), "run") + " · "
        + Words.count(r.checksPassed().size(), "step") + " passed"
        + (r.checksFailed().isEmpty() ? "" : ", " + r.checksFailed().size() + " failed")
        + " · " + Words.count(r.followups().size(), "follow-up")));
    lines.add(Line.builder().text("Report: ").code(r.location()).build());
    return lines;
  }

  /** One line of the timeline: "14:02 · alice · r5 restore of shop started". */
  public static Line entry(TimelineEntry e) {
    Line.Builder line = Line.builder().text(TIME.format(e.at()) + " · " + e.actor() + " · ");
    if (!e.ref().isEmpty()) {
      line.code(e.ref()).text(" ");
    }
    return line.text(label(e.kind()) + e.text()).build();
  }

  public static List<Line> reply(Reply.IncidentReply reply) {
    Incident i = reply.incident();
    return switch (reply) {
      case Reply.IncidentStarted r -> List.of(Line.of(Tone.ALARM).text("Opened " + i.ref()
          + (i.place().isEmpty() ? " here" : " in " + i.place()) + "; you are its commander. "
              + "The playbook: /incident phase next · /incident note TEXT · /incident resolve")
          .build());
      case Reply.IncidentRoleGiven r -> List.of(Line.text(i.holder(r.role()).orElse(r.person())
          + " is " + r.role().label() + " of " + i.ref() + "."));
      case Reply.IncidentPhaseSet r -> List.of(Line.text(i.ref() + " is in its "
          + i.phase().label() + " phase."));
      case Reply.IncidentNoteAdded r -> List.of(Line.text((r.entry().kind()
          == TimelineEntry.Kind.FOLLOWUP ? "Follow-up added to " : "Noted in ") + i.ref()
          + "'s timeline."));
      case Reply.IncidentUpdatePosted r -> List.of(Line.text("Update posted" + (r.stakeholders()
          .isEmpty() ? "" : ", also to the stakeholders") + "; the next reminder counts from "
          + "now."));
      case Reply.IncidentTimeline r -> {
        List<Line> lines = new ArrayList<>();
        lines.add(Line.builder().bold(i.ref() + " timeline").text(" · " + i.title() + " (UTC)")
            .build());
        r.entries().forEach(e -> lines.add(entry(e)));
        yield lines;
      }
      case Reply.IncidentCard r -> new IncidentView(i, r.assessment()).lines();
      case Reply.IncidentClosed r -> summary(i, r.report());
    };
  }

  private static Line noted(TimelineEntry e) {
    return switch (e.kind()) {
      case PIN -> Line.builder().mention(e.actor()).text(" pinned: " + e.text()).build();
      case FOLLOWUP -> Line.builder().text("Follow-up (").mention(e.actor()).text("): "
          + e.text()).build();
      default -> Line.builder().text("Note from ").mention(e.actor()).text(": " + e.text())
          .build();
    };
  }

  private static String label(TimelineEntry.Kind kind) {
    return switch (kind) {
      case PIN -> "pinned: ";
      case NOTE -> "note: ";
      case UPDATE -> "update: ";
      case FOLLOWUP -> "follow-up: ";
      case PHASE -> "phase ";
      case ALERT, RUN, RUN_RESULT, STEP, QUESTION, APPROVAL, ROLE, STARTED, REMINDER,
          RESOLVED -> "";
    };
  }

  private static List<Line> checklist(String phase, List<String> items) {
    List<Line> lines = new ArrayList<>();
    if (!items.isEmpty()) {
      lines.add(Line.builder().bold("Checklist · " + phase).build());
      items.forEach(item -> lines.add(Line.text("☐ " + item)));
    }
    return lines;
  }
}
