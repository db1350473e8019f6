package dev.lifeboat.approval;

import dev.lifeboat.run.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where approval requests and approvals are kept, so they survive a restart. */
public interface ApprovalRepository {
  ApprovalRequest create(String runbook, String target, Map<String, String> params,
      String planHash, String requestedBy, Origin origin, String statement, int required,
      Instant createdAt, Instant expiresAt);

  Optional<ApprovalRequest> find(long id);

  /** Keeps what the request's plan was built from. */
  void remember(long requestId, dev.lifeboat.runbook.PlanVersion version);

  /** What the request's plan was built from; empty for requests from before it was kept. */
  Optional<dev.lifeboat.runbook.PlanVersion> version(long requestId);

  /** Keeps what a restore would lose as the card shows it, and its hash, with the request. */
  void rememberPreview(long requestId, dev.lifeboat.restore.LossPreview preview);

  /** Takes back an approval that could not start its run, so it can be given again later. */
  void withdraw(long requestId, String person, String planHash);

  List<ApprovalRequest> withState(ApprovalState state);

  /** Adds an approval; returns false when that person already approved that plan version. */
  boolean approve(long requestId, Approval approval);

  /** Moves a pending request to {@code state}; returns false if it was no longer pending. */
  boolean close(long requestId, ApprovalState state, String decidedBy, String reason,
      Long runId);
}
