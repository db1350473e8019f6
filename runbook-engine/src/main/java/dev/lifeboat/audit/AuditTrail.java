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
    if (event instanceof LifeboatEvent.RunFinished e) {
      log.append("lifeboat", e.run().runbook() + " finished", e.run().target(),
          "run " + e.run().ref() + " for " + e.run().requestedBy()
              + e.error().map(m -> ": " + m).orElse(""), e.state().label());
    } else if (event instanceof LifeboatEvent.RunInterrupted e) {
      log.append("lifeboat", e.run().runbook() + " interrupted", e.run().target(),
          "run " + e.run().ref() + " for " + e.run().requestedBy() + " stopped during "
              + e.lastStep(), "interrupted");
    }
  }
}
