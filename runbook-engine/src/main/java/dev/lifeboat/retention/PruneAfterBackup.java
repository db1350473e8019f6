package dev.lifeboat.retention;

import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.RunState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the retention policy after each successful backup, in the instance that took it, so
 * a store never holds more than the policy plus one backup.
 */
public final class PruneAfterBackup implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(PruneAfterBackup.class);
  private final Pruner pruner;

  public PruneAfterBackup(Pruner pruner) {
    this.pruner = pruner;
  }

  @Override
  public void publish(LifeboatEvent event) {
    if (event instanceof LifeboatEvent.RunFinished f && f.state() == RunState.SUCCEEDED
        && f.run().runbook().equals("backup") && pruner.hasPolicy(f.run().target())) {
      try {
        Pruner.Report report = pruner.prune(f.run().target(), "retention");
        if (!report.deleted().isEmpty()) {
          LOG.info("Retention deleted {} backup(s) of {}: {}", report.deleted().size(),
              f.run().target(), String.join(", ", report.deleted()));
        }
      } catch (RuntimeException e) {
        // The backup itself succeeded; a failed prune is retried after the next one.
        LOG.warn("Could not apply the retention policy of {}: {}", f.run().target(),
            e.getMessage());
      }
    }
  }
}
