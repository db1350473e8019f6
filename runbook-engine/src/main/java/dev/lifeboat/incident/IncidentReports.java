package dev.lifeboat.incident;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.store.Stores;
import dev.lifeboat.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an incident's report from what was recorded while it ran: the timeline, the runs and
 * requests that belonged to it and the backups they restored. Nobody types any of it.
 */
public final class IncidentReports {
  private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern(
      "yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private final IncidentRepository incidents;
  private final RunEngine engine;
  private final ApprovalService approvals;
  private final BackupCatalog catalog;
  private final Stores stores;

  public IncidentReports(IncidentRepository incidents, RunEngine engine,
      ApprovalService approvals, BackupCatalog catalog, Stores stores) {
    this.incidents = incidents;
    this.engine = engine;
    this.approvals = approvals;
    this.catalog = catalog;
    this.stores = stores;
  }

  /** Builds the report of a resolved incident and stores it in the target's primary store. */
  public IncidentReport write(Incident incident, Target target) {
    List<TimelineEntry> timeline = incidents.entries(incident.id());
    Instant end = incident.resolvedAt().orElseThrow();
    Map<Long, List<String>> approvedBy = new HashMap<>();
    for (long id : incidents.links(incident.id(), IncidentRepository.LinkKind.APPROVAL)) {
      ApprovalRequest r = approvals.find(id);
      r.runId().ifPresent(run -> approvedBy.put(run, r.approvers(r.planHash())));
    }
    List<IncidentReport.RunLine> runs = new ArrayList<>();
    Optional<IncidentReport.Restore> restore = Optional.empty();
    for (long id : incidents.links(incident.id(), IncidentRepository.LinkKind.RUN)) {
      Optional<RunRecord> found = engine.find(id);
      if (found.isEmpty()) {
        continue;
      }
      RunRecord r = found.get();
      Optional<Duration> took = r.startedAt().flatMap(s -> r.finishedAt()
          .map(f -> Duration.between(s, f)));
      runs.add(new IncidentReport.RunLine(r.info().ref(), r.info().runbook(), r.info().target(),
          r.info().requestedBy(), approvedBy.getOrDefault(id, List.of()), r.state().label(),
          took));
      if (r.info().runbook().equals("restore") && r.state() == RunState.SUCCEEDED
          && took.isPresent()) {
        restore = Optional.of(restore(r, took.get(), target));
      }
    }
    Optional<TimelineEntry> firstAlert = timeline.stream()
        .filter(e -> e.kind() == TimelineEntry.Kind.ALERT && !e.at().isAfter(incident.startedAt()))
        .findFirst();
    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (TimelineEntry e : timeline) {
      if (e.kind() == TimelineEntry.Kind.STEP) {
        (e.text().endsWith(" succeeded") ? passed : failed).add(e.ref() + " " + e.text());
      }
    }
    List<String> followups = timeline.stream()
        .filter(e -> e.kind() == TimelineEntry.Kind.FOLLOWUP).map(TimelineEntry::text).toList();
    String name = "incident-" + incident.ref() + "-" + FILE.format(end) + ".md";
    IncidentReport draft = new IncidentReport(Duration.between(incident.startedAt(), end),
        firstAlert.map(a -> Duration.between(a.at(), incident.startedAt())),
        firstAlert.map(TimelineEntry::ref), restore, runs, passed, failed, followups, "", "");
    String markdown = markdown(incident, target, draft, timeline);
    String location = stores.get(target.primaryStore()).writeReport(target.name(), name,
        markdown);
    return new IncidentReport(draft.open(), draft.detect(), draft.detectedBy(), draft.restore(),
        runs, passed, failed, followups, location, markdown);
  }

  private IncidentReport.Restore restore(RunRecord r, Duration took, Target target) {
    String backup = r.info().params().getOrDefault("backup", "");
    Optional<Instant> snapshot = Optional.empty();
    try {
      snapshot = Optional.of(catalog.find(backup)).map(BackupRecord::manifest)
          .map(m -> m.startedAt());
    } catch (RuntimeException e) {
      // deleted since: the loss window is then unknown, and the report says so
    }
    Instant started = r.startedAt().orElseThrow();
    return new IncidentReport.Restore(r.info().ref(), backup, started, r.finishedAt()
        .orElseThrow(), took, target.rto(), snapshot,
        snapshot.map(s -> Duration.between(s, started)), target.rpo());
  }

  static String markdown(Incident i, Target target, IncidentReport r,
      List<TimelineEntry> timeline) {
    StringBuilder md = new StringBuilder();
    md.append("# Incident ").append(i.ref()).append(": ").append(i.title()).append(" (")
        .append(i.severity().label()).append(")\n\n");
    md.append("Target ").append(target.name()).append(" · opened ")
        .append(DAY.format(i.startedAt())).append(" by ").append(i.startedBy())
        .append(" · resolved ").append(DAY.format(i.resolvedAt().orElseThrow())).append(" by ")
        .append(i.resolvedBy().orElse("?")).append(" (").append(Ago.of(r.open())).append(")  \n");
    md.append("Commander ").append(i.commander()).append(" · scribe ")
        .append(i.scribe().orElse("—")).append(" · dba ").append(i.dba().orElse("—"))
        .append("\n\n");
    md.append("| measure | measured | objective |\n| --- | --- | --- |\n");
    md.append("| time to detect | ").append(r.detect().map(d -> Ago.of(d) + " (from "
        + r.detectedBy().orElse("?") + " to the incident's start)")
        .orElse("not measured: no alert came before the incident")).append(" | |\n");
    r.restore().ifPresentOrElse(s -> {
      md.append("| time to restore (RTO) | ").append(Ago.of(s.took())).append(" (")
          .append(s.run()).append(", ").append(TIME.format(s.startedAt())).append(" → ")
          .append(TIME.format(s.finishedAt())).append(" UTC) | ").append(Ago.of(s.rto()))
          .append(s.took().compareTo(s.rto()) <= 0 ? ": met" : ": MISSED").append(" |\n");
      md.append("| data-loss window (RPO) | ").append(s.lossWindow().map(w -> Ago.of(w)
          + " (snapshot of " + s.backup() + " at " + TIME.format(s.snapshotAt().orElseThrow())
          + " → restore at " + TIME.format(s.startedAt()) + " UTC)")
          .orElse("unknown: " + s.backup() + " is no longer in the catalog")).append(" | ")
          .append(Ago.of(s.rpo())).append(s.lossWindow().map(w -> w.compareTo(s.rpo()) <= 0
              ? ": met" : ": MISSED").orElse("")).append(" |\n");
    }, () -> md.append("| time to restore (RTO) | no restore ran in this incident | |\n"));
    md.append("| incident open | ").append(Ago.of(r.open())).append(" | |\n\n");

    md.append("## Runs and approvals\n\n");
    if (r.runs().isEmpty()) {
      md.append("No runs were started in the incident's channel.\n");
    }
    for (IncidentReport.RunLine run : r.runs()) {
      md.append("- ").append(run.ref()).append(" ").append(run.runbook()).append(" of ")
          .append(run.target()).append(", asked by ").append(run.requestedBy())
          .append(run.approvedBy().isEmpty() ? "" : ", approved by "
              + String.join(", ", run.approvedBy()))
          .append(": ").append(run.state()).append(run.took().map(t -> " after " + Ago.of(t))
              .orElse("")).append("\n");
    }
    timeline.stream().filter(e -> e.kind() == TimelineEntry.Kind.APPROVAL).forEach(e ->
        md.append("- ").append(e.ref()).append(": ").append(e.text()).append("\n"));

    md.append("\n## Checks\n\n");
    if (r.checksPassed().isEmpty() && r.checksFailed().isEmpty()) {
      md.append("No steps ran.\n");
    }
    r.checksPassed().forEach(c -> md.append("- [x] ").append(c).append("\n"));
    r.checksFailed().forEach(c -> md.append("- [ ] ").append(c).append("\n"));

    md.append("\n## Follow-ups\n\n");
    if (r.followups().isEmpty()) {
      md.append("None recorded.\n");
    }
    r.followups().forEach(f -> md.append("- [ ] ").append(f).append("\n"));

    md.append("\n## Timeline (UTC)\n\n");
    timeline.stream().filter(e -> e.kind().shownInTimeline()).forEach(e -> md.append("- ")
        .append(TIME.format(e.at())).append(" · ").append(e.actor()).append(" · ")
        .append(e.ref().isEmpty() ? "" : e.ref() + " ").append(e.text()).append("\n"));
    return md.toString();
  }
}
