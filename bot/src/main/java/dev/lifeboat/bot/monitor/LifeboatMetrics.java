package dev.lifeboat.bot.monitor;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Lifeboat's state as Micrometer meters, for Prometheus: per target the newest backup's age
 * and size, the newest verification's age and measured restore time, open alerts; pending
 * approvals; run durations by runbook, target and outcome. Gauges read the state database
 * when scraped, so every instance reports the shared truth.
 *
 * <p>A target without any backup reports an age of +Inf, so an alert rule
 * {@code lifeboat_backup_newest_age_seconds > 90000} fires for it too.
 */
public final class LifeboatMetrics implements EventSink {
  private final Lifeboat lifeboat;
  private final MeterRegistry registry;
  private final Clock clock;

  public LifeboatMetrics(Lifeboat lifeboat, MeterRegistry registry, Clock clock) {
    this.lifeboat = lifeboat;
    this.registry = registry;
    this.clock = clock;
    for (String target : lifeboat.config().targets().keySet()) {
      gauge("lifeboat.backup.newest.age", "seconds", target, "Age of the newest backup",
          t -> newest(t).map(b -> seconds(Duration.between(b.manifest().finishedAt(),
              clock.instant()))).orElse(Double.POSITIVE_INFINITY));
      gauge("lifeboat.backup.newest.size", "bytes", target, "Size of the newest backup",
          t -> newest(t).map(b -> (double) b.manifest().bytes()).orElse(Double.NaN));
      gauge("lifeboat.verify.last.age", "seconds", target, "Age of the newest verification",
          t -> verified(t).flatMap(BackupRecord::lastVerifiedAt).map(at -> seconds(
              Duration.between(at, clock.instant()))).orElse(Double.POSITIVE_INFINITY));
      gauge("lifeboat.verify.last.restore", "seconds", target,
          "Restore time measured by the newest verification (the RTO as measured)",
          t -> verified(t).flatMap(BackupRecord::lastRestoreTook).map(LifeboatMetrics::seconds)
              .orElse(Double.NaN));
      gauge("lifeboat.alerts.open", null, target, "Open alerts",
          t -> lifeboat.alerts().open().stream().filter(a -> a.target().equals(t)).count());
    }
    Gauge.builder("lifeboat.approvals.pending", lifeboat,
        l -> l.approvals().pending().size()).description("Approval requests waiting")
        .register(registry);
  }

  @Override
  public void publish(LifeboatEvent event) {
    if (event instanceof LifeboatEvent.RunFinished f) {
      Timer.builder("lifeboat.run.duration").description("How long runs took")
          .tag("runbook", f.run().runbook()).tag("target", f.run().target())
          .tag("outcome", f.state().label()).register(registry).record(f.took());
    }
  }

  private void gauge(String name, String unit, String target, String description,
      ToDoubleFunction<String> value) {
    Gauge.Builder<String> builder = Gauge.builder(name, target, value).tag("target", target)
        .description(description);
    if (unit != null) {
      builder.baseUnit(unit);
    }
    builder.register(registry);
  }

  private Optional<BackupRecord> newest(String target) {
    return lifeboat.catalog().latest(target);
  }

  private Optional<BackupRecord> verified(String target) {
    return lifeboat.catalog().list(Optional.of(target), 50).stream()
        .filter(b -> b.lastVerifiedAt().isPresent()).findFirst();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
