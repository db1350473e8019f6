package dev.lifeboat.ask;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an {@code ask} step asked in a run, and its answer once given.
 *
 * @param answerFrom groups whose members may answer; empty: whoever may run the runbook on the
 *     target, the requester included (a check, not an approval)
 */
public record Question(long runId, String step, String prompt, List<String> checklist,
    List<String> answerFrom, Instant askedAt, Instant expiresAt, State state,
    Optional<String> answeredBy, Optional<Instant> answeredAt, Optional<String> reason) {

  public Question {
    checklist = List.copyOf(checklist);
    answerFrom = List.copyOf(answerFrom);
  }

  /** Where a question stands. */
  public enum State {
    WAITING, CONTINUED, ABORTED, EXPIRED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public String ref() {
    return "r" + runId;
  }
}
