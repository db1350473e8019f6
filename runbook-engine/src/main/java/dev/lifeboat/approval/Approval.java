package dev.lifeboat.approval;

import java.time.Instant;

/**
 * One person's approval of one version of a plan.
 *
 * @param via how it was given: "command", "button" or "reaction"
 * @param previewHash the hash of the loss preview the card showed then, null when it had none
 */
public record Approval(String person, String planHash, Instant at, String via,
    String previewHash) {

  /** An approval of a request without a loss preview. */
  public Approval(String person, String planHash, Instant at, String via) {
    this(person, planHash, at, via, null);
  }
}
