package dev.lifeboat.command;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.ActiveRun;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What Lifeboat answers to a command, as values each adapter renders in its own idiom. */
public sealed interface Reply {
  /** A run was started; its progress follows as events. */
  record RunAccepted(RunInfo run) implements Reply {}

  record BackupList(Optional<String> target, List<BackupRecord> backups, Instant now)
      implements Reply {}

  /** Per target: the newest backup against the RPO, and what runs now. */
  record Status(List<TargetStatus> targets, Instant now) implements Reply {}

  /**
   * One target at a glance.
   *
   * @param latest the newest backup, measured against {@code rpo}
   * @param unproven a backup waited longer than the verify window with no newer one verified
   * @param lastVerified the newest backup that has a verification, with its restore time
   *     measured against {@code rto}
   * @param lastDrill the newest finished drill run
   * @param next the next scheduled firing
   * @param alerts the open alerts
   * @param kept the databases side-by-side restores replaced, kept for rollback
   */
  record TargetStatus(String target, Optional<BackupRecord> latest,
      java.time.Duration rpo, Optional<ActiveRun> active, boolean unproven,
      Optional<BackupRecord> lastVerified, java.time.Duration rto, Optional<RunRecord> lastDrill,
      Optional<dev.lifeboat.schedule.Scheduler.Next> next, List<dev.lifeboat.alert.Alert> alerts,
      Kept kept) {
    public TargetStatus {
      alerts = List.copyOf(alerts);
    }
  }

  /**
   * A target's kept databases (newest first), or why they could not be listed.
   *
   * @param unknown the reason, when the target's server could not be asked
   */
  record Kept(List<dev.lifeboat.restore.KeptCopies.KeptCopy> copies, Optional<String> unknown) {
    public Kept {
      copies = List.copyOf(copies);
    }
  }

  /** What the retention policy kept and deleted (or would delete, in a dry run). */
  record Pruned(dev.lifeboat.retention.Pruner.Report report) implements Reply {}

  /** A run's checklist was answered: it goes on, or stops. */
  record Answered(dev.lifeboat.ask.Inquiries.Answered answer) implements Reply {}

  /** An alert was taken: its escalation stopped. */
  record Acknowledged(dev.lifeboat.alert.Alert alert) implements Reply {}

  record Runs(List<ActiveRun> active, List<RunRecord> recent, Instant now) implements Reply {}

  record CancelRequested(RunInfo run) implements Reply {}

  /** A destructive plan now waits for approvals. */
  record ApprovalPending(dev.lifeboat.approval.ApprovalRequest request, List<String> approvers)
      implements Reply {}

  /** An approval counted; the run started when it was the last one needed. */
  record ApprovalCounted(dev.lifeboat.approval.ApprovalService.Decision decision)
      implements Reply {}

  /** A request was denied or withdrawn. */
  record ApprovalClosed(dev.lifeboat.approval.ApprovalRequest request) implements Reply {}

  record Approvals(List<dev.lifeboat.approval.ApprovalRequest> pending, Instant now)
      implements Reply {}

  record Help(List<CommandHelp> commands) implements Reply {}

  /** What the incident commands answer. */
  sealed interface IncidentReply extends Reply {
    dev.lifeboat.incident.Incident incident();
  }

  /** An incident was opened; its card and pings follow in its channel. */
  record IncidentStarted(dev.lifeboat.incident.Incident incident) implements IncidentReply {}

  record IncidentRoleGiven(dev.lifeboat.incident.Incident incident,
      dev.lifeboat.incident.Role role, String person) implements IncidentReply {}

  record IncidentPhaseSet(dev.lifeboat.incident.Incident incident) implements IncidentReply {}

  /** A note, a pin or a follow-up went into the timeline. */
  record IncidentNoteAdded(dev.lifeboat.incident.Incident incident,
      dev.lifeboat.incident.TimelineEntry entry) implements IncidentReply {}

  /** A status update was posted, also to these stakeholder channels (per platform). */
  record IncidentUpdatePosted(dev.lifeboat.incident.Incident incident,
      java.util.Map<String, String> stakeholders) implements IncidentReply {}

  record IncidentTimeline(dev.lifeboat.incident.Incident incident,
      List<dev.lifeboat.incident.TimelineEntry> entries, Instant now) implements IncidentReply {
    public IncidentTimeline {
      entries = List.copyOf(entries);
    }
  }

  /** The incident's card, freshly assessed. */
  record IncidentCard(dev.lifeboat.incident.Incident incident,
      dev.lifeboat.incident.Assessment assessment) implements IncidentReply {}

  /** The incident was resolved; its report was written. */
  record IncidentClosed(dev.lifeboat.incident.Incident incident,
      dev.lifeboat.incident.IncidentReport report) implements IncidentReply {}

  /** One line of /help. */
  record CommandHelp(String usage, String what) {}
}
