package dev.lifeboat.event;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.incident.Assessment;
import dev.lifeboat.incident.Incident;
import dev.lifeboat.incident.IncidentReport;
import dev.lifeboat.incident.Phase;
import dev.lifeboat.incident.Role;
import dev.lifeboat.incident.TimelineEntry;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the engine tells the adapters: events of runs, of approval requests and of alerts. Sealed,
 * so the set is closed and every renderer can be checked against it.
 */
public sealed interface LifeboatEvent
    permits LifeboatEvent.RunEvent, LifeboatEvent.ApprovalEvent, LifeboatEvent.AlertEvent,
    LifeboatEvent.IncidentEvent {

  /** Something that happened to a run. */
  sealed interface RunEvent extends LifeboatEvent {
    RunInfo run();
  }

  /**
   * Something that happened to an approval request. Each carries who may approve it, so a
   * renderer never has to ask the approval service (which may have changed since).
   */
  sealed interface ApprovalEvent extends LifeboatEvent {
    ApprovalRequest request();

    List<String> approvers();
  }

  /** Something that happened to an alert: raised, escalated, acknowledged, resolved. */
  sealed interface AlertEvent extends LifeboatEvent {
    dev.lifeboat.alert.Alert alert();
  }

  /**
   * Something that happened to an incident. Each carries the incident as it is now and a fresh
   * assessment, so the incident's card (one message, edited in place) can be drawn from any
   * event without asking the engine.
   */
  sealed interface IncidentEvent extends LifeboatEvent {
    Incident incident();

    Assessment assessment();
  }

  /**
   * An incident was opened. {@code mentions} are the people of the target's escalation policy
   * (config names), {@code checklist} the first phase's.
   */
  record IncidentOpened(Incident incident, Assessment assessment, List<String> mentions,
      List<String> checklist) implements IncidentEvent {}

  /** Someone took a role (commander, scribe, dba). */
  record IncidentRoleChanged(Incident incident, Assessment assessment, Role role, String person,
      String by) implements IncidentEvent {}

  /** The incident moved to another phase; {@code checklist} is the new phase's. */
  record IncidentPhaseChanged(Incident incident, Assessment assessment, Phase from, Phase to,
      String by, List<String> checklist) implements IncidentEvent {}

  /** A note, a pinned message or a follow-up went into the timeline. */
  record IncidentNoted(Incident incident, Assessment assessment, TimelineEntry entry)
      implements IncidentEvent {}

  /**
   * A status update; {@code stakeholders} are the channels (per platform) it is also posted to.
   */
  record IncidentUpdated(Incident incident, Assessment assessment, String by, String text,
      java.util.Map<String, String> stakeholders) implements IncidentEvent {}

  /** Nobody posted an update for {@code quiet}: the commander is reminded. */
  record IncidentReminder(Incident incident, Assessment assessment, Duration quiet)
      implements IncidentEvent {}

  /** Something the card shows changed (a run, a request); only the card is redrawn. */
  record IncidentAssessed(Incident incident, Assessment assessment) implements IncidentEvent {}

  /** The incident was closed and its report written. */
  record IncidentResolved(Incident incident, Assessment assessment, IncidentReport report)
      implements IncidentEvent {}

  /**
   * A monitor found trouble. {@code mentions} are the people of the first escalation level
   * (names of the config; each adapter turns them into its platform's mentions), empty when
   * the target has no escalation policy or its first level waits.
   */
  record AlertRaised(dev.lifeboat.alert.Alert alert, List<String> mentions)
      implements AlertEvent {}

  /** Nobody acknowledged it in time: the next level of the policy is told. */
  record AlertEscalated(dev.lifeboat.alert.Alert alert, int level, int of, List<String> mentions)
      implements AlertEvent {}

  /** Someone took it: escalation stops, the alert stays open until the trouble is gone. */
  record AlertAcknowledged(dev.lifeboat.alert.Alert alert, String by) implements AlertEvent {}

  /** The monitor finds the target healthy again. */
  record AlertResolved(dev.lifeboat.alert.Alert alert, Duration open) implements AlertEvent {}

  record RunStarted(RunInfo run, List<String> steps) implements RunEvent {}

  record StepStarted(RunInfo run, String step, int index, int of) implements RunEvent {}

  /** Work inside a step; {@code total} is 0 when unknown. */
  record StepProgress(RunInfo run, String step, long done, long total, String detail)
      implements RunEvent {}

  /** A line for the run's details (a thread in Slack), not for the main message. */
  record StepLog(RunInfo run, String step, String line) implements RunEvent {}

  record StepFinished(RunInfo run, String step, StepStatus status, Duration took,
      Optional<String> error) implements RunEvent {}

  record RunFinished(RunInfo run, RunState state, Duration took, List<RunResult> results,
      Optional<String> error) implements RunEvent {}

  /**
   * An {@code ask} step waits for a person: the checklist to confirm, who may answer
   * ({@code /continue} or {@code /abort}, a button or a reaction), and until when.
   */
  record QuestionAsked(RunInfo run, String step, String prompt, List<String> checklist,
      List<String> mayAnswer, java.time.Instant expiresAt) implements RunEvent {}

  /** Someone answered the question of an ask step; the run goes on or stops. */
  record QuestionAnswered(RunInfo run, String step, String by, boolean proceed,
      Optional<String> reason) implements RunEvent {}

  /**
   * Found at start: a run that was going when the previous process stopped.
   *
   * @param tidied what Lifeboat did about what it left (thawed a database, dropped a copy)
   */
  record RunInterrupted(RunInfo run, String lastStep, List<String> tidied) implements RunEvent {}

  /** A destructive plan waits for approvals; {@code approvers} may grant it. */
  record ApprovalRequested(ApprovalRequest request, List<String> approvers)
      implements ApprovalEvent {}

  /** An approval counted; {@code run} is present when it was the last one needed. */
  record ApprovalGranted(ApprovalRequest request, String by, int count, int required,
      Optional<RunInfo> run, List<String> approvers) implements ApprovalEvent {}

  record ApprovalDenied(ApprovalRequest request, String by, String reason,
      List<String> approvers) implements ApprovalEvent {}

  record ApprovalExpired(ApprovalRequest request, List<String> approvers)
      implements ApprovalEvent {}

  record ApprovalCancelled(ApprovalRequest request, String by, List<String> approvers)
      implements ApprovalEvent {}

  /**
   * The request's plan changed since it was asked for, so it was voided and nothing ran.
   *
   * @param change what changed, in words ("the restore runbook ... was edited")
   * @param askAgain the command that asks for the new plan
   */
  record ApprovalStale(ApprovalRequest request, String change, String askAgain,
      List<String> approvers) implements ApprovalEvent {}

  /** One person ran a destructive plan alone, with a reason: announced loudly. */
  record BreakGlassUsed(ApprovalRequest request, String by, String reason, RunInfo run,
      List<String> approvers) implements ApprovalEvent {}

  /** How a step ended. */
  enum StepStatus {
    SUCCEEDED, FAILED, SKIPPED, CANCELLED
  }
}
