package dev.lifeboat.run;

import java.time.Instant;

/**
 * The state database's row that says a target is busy: which run holds it, which instance owns
 * that run, until when the owner's last renewal keeps it, and whether someone elsewhere asked to
 * cancel it. One per target (its primary key),
 * so two processes can never run on one target at once.
 */
public record RunLease(String target, long runId, Instance owner, Instant renewedAt,
    Instant expiresAt, java.util.Optional<String> cancelRequestedBy) {

  /** Whether the owner is gone: its lease ran out, or it was on this host and its pid is dead. */
  public boolean abandoned(Instance here, Instant now) {
    return !now.isBefore(expiresAt) || owner.certainlyGoneSeenFrom(here);
  }
}
