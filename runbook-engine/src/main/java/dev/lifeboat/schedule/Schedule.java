package dev.lifeboat.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** When one kind of run fires for one target: a cron expression read in a time zone. */
public record Schedule(String target, ScheduleKind kind, CronExpression cron, ZoneId zone) {

  public Optional<Instant> latestAtOrBefore(Instant now) {
    return cron.latestAtOrBefore(now, zone);
  }

  public Optional<Instant> nextAfter(Instant now) {
    return cron.nextAfter(now, zone);
  }

  /** How the config and the channel name it: "shop backup (0 2 * * * Europe/Berlin)". */
  public String describe() {
    return target + " " + kind.runbook() + " (" + cron + " " + zone.getId() + ")";
  }
}
