package dev.lifeboat.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * One trouble of one target, from the moment a monitor found it until it was healthy again.
 *
 * @param policy the escalation policy it follows, "" for none
 * @param levelNotified how many levels of the policy have been told (0: none yet)
 */
public record Alert(long id, String target, String monitor, String summary, String policy,
    Instant raisedAt, int levelNotified, Optional<String> ackedBy, Optional<Instant> ackedAt,
    Optional<Instant> resolvedAt) {

  /** How people refer to it: /ack al3. */
  public String ref() {
    return "al" + id;
  }

  public boolean acknowledged() {
    return ackedBy.isPresent();
  }
}
