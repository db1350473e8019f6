package dev.lifeboat.audit;

import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;

/** Writes how each run ended into the audit log, next to who asked for it. */
public final class AuditTrail implements EventSink {
  private final AuditLog log;

  public AuditTrail(AuditLog log) {
    this.log = log;
  }

  @Override
  public void publish(LifeboatEvent event) {
    switch (event) {
      case LifeboatEvent.RunFinished e -> log.append("lifeboat", e.run().runbook() + " finished",
          e.run().target(), "run " + e.run().ref() + " for " + e.run().requestedBy()
              + e.error().map(m -> ": " + m).orElse(""), e.state().label());
      case LifeboatEvent.RunInterrupted e -> log.append("lifeboat", e.run().runbook()
          + " interrupted", e.run().target(), "run " + e.run().ref() + " for "
              + e.run().requestedBy() + " stopped during " + e.lastStep(), "interrupted");
      // Approval events are audited where they are decided (ApprovalService); the rest of a
      // run's events are progress, not history.
      case LifeboatEvent.ApprovalEvent e -> { }
      case LifeboatEvent.RunStarted e -> { }
      case LifeboatEvent.StepStarted e -> { }
      case LifeboatEvent.StepProgress e -> { }
      case LifeboatEvent.StepLog e -> { }
      case LifeboatEvent.StepFinished e -> { }
      // Questions are audited where they are asked and answered (Inquiries).
      case LifeboatEvent.QuestionAsked e -> { }
      case LifeboatEvent.QuestionAnswered e -> { }
      // Alerts are audited where they are raised, escalated, taken and resolved (AlertService).
      case LifeboatEvent.AlertEvent e -> { }
      // Incidents are audited where they change (IncidentService).
      case LifeboatEvent.IncidentEvent e -> { }
    }
  }
}
