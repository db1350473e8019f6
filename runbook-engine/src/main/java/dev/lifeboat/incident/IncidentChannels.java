package dev.lifeboat.incident;

import dev.lifeboat.access.Person;
import dev.lifeboat.run.Origin;
import java.util.List;
import java.util.Optional;

/**
 * The port through which an incident gets a channel of its own on the platform it was started
 * on (Slack: a new channel with its people invited). Chat adapters implement it; a platform that
 * cannot, or none at all, keeps the incident in the channel it was started in.
 */
public interface IncidentChannels {
  /** Where a new incident lives: the platform's origin for it and how people name it. */
  record Opened(Origin origin, String place) {}

  /**
   * @param asked where {@code /incident start} was typed
   * @param name a channel name the platform accepts (lower case, digits, dashes)
   * @param invite who to bring in (the commander, the escalation policy's people)
   * @return empty when this platform keeps incidents where they were started
   */
  Optional<Opened> open(Origin asked, String name, List<Person> invite);

  /** Keeps every incident where it was started. */
  IncidentChannels NONE = (asked, name, invite) -> Optional.empty();
}
