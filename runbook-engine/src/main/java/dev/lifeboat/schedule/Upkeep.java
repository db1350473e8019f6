package dev.lifeboat.schedule;

import dev.lifeboat.monitor.MonitorSettings;
import dev.lifeboat.retention.RetentionPolicy;
import java.util.List;
import java.util.Optional;

/**
 * What Lifeboat does for a target without being asked: its schedules, its retention policy
 * (none: nothing is pruned) and its monitors; {@code zone} is the time zone its days, weeks and
 * months are counted in.
 */
public record Upkeep(List<Schedule> schedules, java.time.ZoneId zone,
    Optional<RetentionPolicy> retention, MonitorSettings monitors) {
  public Upkeep {
    schedules = List.copyOf(schedules);
  }
}
