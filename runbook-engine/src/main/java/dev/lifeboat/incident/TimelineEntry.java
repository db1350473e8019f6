package dev.lifeboat.incident;

import java.time.Instant;

/**
 * One line of an incident's timeline.
 *
 * @param actor who did it ("lifeboat" for what Lifeboat noticed, "monitor" for alerts)
 * @param ref what it is about (r12, a3, al2), "" for nothing in particular
 */
public record TimelineEntry(long id, long incidentId, Instant at, Kind kind, String actor,
    String ref, String text) {

  /** What kind of thing happened. */
  public enum Kind {
    STARTED, ROLE, PHASE, NOTE, PIN, UPDATE, FOLLOWUP, RUN, RUN_RESULT, STEP, QUESTION, APPROVAL,
    ALERT, REMINDER, RESOLVED;

    /** Step outcomes feed the report's checks; the timeline shows the run's result instead. */
    public boolean shownInTimeline() {
      return this != STEP;
    }
  }
}
