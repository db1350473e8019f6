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

  List<ApprovalRequest> withState(ApprovalState state);

  /** Adds an approval; returns false when that person already approved that plan version. */
  boolean approve(long requestId, Approval approval);

  /** Moves a pending request to {@code state}; returns false if it was no longer pending. */
  boolean close(long requestId, ApprovalState state, String decidedBy, String reason,
      Long runId);
}
