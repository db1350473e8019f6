package dev.lifeboat.incident;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How incidents run ({@code incidents:} in lifeboat.yaml).
 *
 * @param ownChannel whether an incident gets a channel of its own where the platform allows it
 *     (Slack), or stays in the channel it was started in
 * @param checklists per phase, what people should do in it; posted when the phase begins
 * @param reminders per severity, how long the commander may go without a status update before
 *     Lifeboat reminds them; empty: never
 * @param stakeholders per platform, a channel where status updates are also posted
 * @param pointInTime per target, the provider's point-in-time recovery, offered as an option
 */
public record IncidentSettings(boolean ownChannel, Map<Phase, List<String>> checklists,
    Map<Severity, Optional<Duration>> reminders, Map<String, String> stakeholders,
    Map<String, PointInTime> pointInTime) {

  /** The provider's point-in-time recovery for a target: a link and what to do there. */
  public record PointInTime(String url, String instructions) {}

  /** The checklists of the guides: stop writes, check the backup, tell people, verify. */
  public static final Map<Phase, List<String>> DEFAULT_CHECKLISTS = defaultChecklists();

  /** sev1 every 30 minutes, sev2 every hour, sev3 every 4 hours. */
  public static final Map<Severity, Optional<Duration>> DEFAULT_REMINDERS = Map.of(
      Severity.SEV1, Optional.of(Duration.ofMinutes(30)),
      Severity.SEV2, Optional.of(Duration.ofHours(1)),
      Severity.SEV3, Optional.of(Duration.ofHours(4)));

  public IncidentSettings {
    checklists = Map.copyOf(checklists);
    reminders = Map.copyOf(reminders);
    stakeholders = Map.copyOf(stakeholders);
    pointInTime = Map.copyOf(pointInTime);
  }

  public static IncidentSettings defaults() {
    return new IncidentSettings(true, DEFAULT_CHECKLISTS, DEFAULT_REMINDERS, Map.of(), Map.of());
  }

  public List<String> checklist(Phase phase) {
    return checklists.getOrDefault(phase, List.of());
  }

  public Optional<Duration> reminder(Severity severity) {
    return reminders.getOrDefault(severity, Optional.empty());
  }

  private static Map<Phase, List<String>> defaultChecklists() {
    Map<Phase, List<String>> m = new EnumMap<>(Phase.class);
    m.put(Phase.ASSESS, List.of("Stop writes (maintenance page; a restore freezes the database "
        + "itself)", "Find since when it is broken and what is affected",
        "Confirm the newest backup's integrity (/verify latest)"));
    m.put(Phase.DECIDE, List.of("Choose: restore a backup, or the provider's point-in-time "
        + "recovery", "Agree the data-loss window with the tech owner",
        "Notify stakeholders (/incident update TEXT)"));
    m.put(Phase.RESTORE, List.of("/restore BACKUP (a second person approves)",
        "Keep the replaced database until the data is confirmed"));
    m.put(Phase.VALIDATE, List.of("Check migrations (prisma migrate status)",
        "Verify critical tables and row counts", "Smoke-test the application"));
    m.put(Phase.COMMUNICATE, List.of("Reopen writes", "Notify stakeholders (/incident update "
        + "TEXT)", "Write down follow-ups (/incident followup TEXT)"));
    m.put(Phase.RESOLVED, List.of());
    return Map.copyOf(m);
  }
}
