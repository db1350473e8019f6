package dev.lifeboat.escalation;

import java.time.Duration;
import java.util.List;

/**
 * Who is told about an alert, and when: ordered levels, each after a delay counted from the
 * moment the alert was raised ("the DBA at once, the DevOps lead after 15 minutes").
 */
public record EscalationPolicy(String name, List<Level> levels) {
  public EscalationPolicy {
    levels = List.copyOf(levels);
  }

  /** One step of the chain; {@code who} names people or groups (notify: in the config) of the config. */
  public record Level(Duration after, List<String> who) {
    public Level {
      who = List.copyOf(who);
    }
  }

  /** The highest level (1-based) due {@code elapsed} after the alert was raised, 0 for none. */
  public int dueLevel(Duration elapsed) {
    int due = 0;
    for (int i = 0; i < levels.size(); i++) {
      if (levels.get(i).after().compareTo(elapsed) <= 0) {
        due = i + 1;
      }
    }
    return due;
  }
}
