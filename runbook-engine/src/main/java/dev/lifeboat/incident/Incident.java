package dev.lifeboat.incident;

import dev.lifeboat.run.Origin;
import java.time.Instant;
import java.util.Optional;

/**
 * One incident as the state database knows it.
 *
 * @param origin where it lives: the adapter and the channel its messages go to (its own
 *     channel, or the one it was started in); runs and requests asked for there belong to it
 * @param place how people name that channel ("#inc-20261201-checkout"), "" for none
 * @param lastUpdateAt the last status update ({@code /incident update}); reminders count from it
 * @param report where its report was written, once resolved
 */
public record Incident(long id, String title, String target, Severity severity, Origin origin,
    String place, Phase phase, String commander, Optional<String> scribe, Optional<String> dba,
    String startedBy, Instant startedAt, Optional<Instant> lastUpdateAt,
    Optional<Instant> remindedAt, Optional<Instant> resolvedAt, Optional<String> resolvedBy,
    Optional<String> report) {

  /** How people refer to it: /incident i3 note …. */
  public String ref() {
    return "i" + id;
  }

  public boolean open() {
    return resolvedAt.isEmpty();
  }

  public Optional<String> holder(Role role) {
    return switch (role) {
      case COMMANDER -> Optional.of(commander);
      case SCRIBE -> scribe;
      case DBA -> dba;
    };
  }

  /** The key of the channel it lives in: one open incident per channel. */
  public static String key(Origin origin) {
    return origin.adapter() + "|" + origin.channel();
  }
}
