package dev.lifeboat.config;

import dev.lifeboat.access.Names;
import dev.lifeboat.incident.IncidentSettings;
import dev.lifeboat.incident.Phase;
import dev.lifeboat.incident.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code incidents:}: whether incidents get their own channel, the checklist of each
 * phase (the guides' defaults unless a team writes its own), reminder intervals per severity,
 * the stakeholder channels and each target's point-in-time recovery.
 */
final class Incidents {
  private Incidents() {}

  static IncidentSettings read(ConfigNode node, Set<String> targets) {
    node.allowOnly(Set.of("own_channel", "checklists", "reminders", "stakeholders",
        "point_in_time"));
    boolean own = node.bool("own_channel", true);

    Map<Phase, List<String>> checklists = new EnumMap<>(IncidentSettings.DEFAULT_CHECKLISTS);
    ConfigNode lists = node.child("checklists");
    lists.entries().forEach((name, items) -> {
      Optional<Phase> phase = java.util.Arrays.stream(Phase.values())
          .filter(p -> p.label().equals(name)).findFirst();
      if (phase.isEmpty()) {
        items.problem("'" + Names.shown(name) + "' is not a phase; the phases are "
            + Phase.all());
        return;
      }
      checklists.put(phase.get(), lists.strings(name));
    });

    Map<Severity, Optional<Duration>> reminders = new EnumMap<>(Severity.class);
    reminders.putAll(IncidentSettings.DEFAULT_REMINDERS);
    ConfigNode every = node.child("reminders");
    every.allowOnly(Set.of("sev1", "sev2", "sev3"));
    for (Severity s : Severity.values()) {
      every.optionalString(s.label()).ifPresent(text -> {
        if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
          reminders.put(s, Optional.empty());
        } else {
          reminders.put(s, Optional.of(every.duration(s.label(), Duration.ofMinutes(30))));
        }
      });
    }

    Map<String, String> stakeholders = new HashMap<>();
    ConfigNode channels = node.child("stakeholders");
    channels.allowOnly(Set.of("slack", "discord", "console"));
    channels.entries().forEach((platform, channel) -> channel.optionalString()
        .ifPresent(c -> stakeholders.put(platform, c)));

    Map<String, IncidentSettings.PointInTime> pitr = new HashMap<>();
    node.child("point_in_time").entries().forEach((target, p) -> {
      if (!targets.contains(target)) {
        p.problem("no target named '" + Names.shown(target) + "'");
        return;
      }
      p.allowOnly(Set.of("url", "instructions"));
      Optional<String> url = p.requiredString("url",
          "https://console.neon.tech/app/projects/PROJECT/branches");
      url.ifPresent(u -> pitr.put(target, new IncidentSettings.PointInTime(u,
          p.string("instructions", "Restore to a moment just before the damage, into a new "
              + "branch or instance, then point the application at it."))));
    });
    return new IncidentSettings(own, checklists, reminders, stakeholders, pitr);
  }
}
