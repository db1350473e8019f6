package dev.lifeboat.approval;

import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.run.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A destructive plan waiting for approvals.
 *
 * @param statement what will happen, in plain words, as approvers see it
 * @param planHash the hash of the plan as requested; approvals name the hash they approved
 * @param preview what a restore would lose, as the card shows it; empty for other plans
 */
public record ApprovalRequest(
    long id, String runbook, String target, Map<String, String> params, String planHash,
    String requestedBy, Origin origin, String statement, int required, Instant createdAt,
    Instant expiresAt, ApprovalState state, Optional<String> decidedBy, Optional<String> reason,
    Optional<Long> runId, List<Approval> approvals, Optional<LossPreview> preview) {

  public ApprovalRequest {
    params = Map.copyOf(params);
    approvals = List.copyOf(approvals);
  }

  /** A request without a loss preview (a deletion, or one asked before previews existed). */
  public ApprovalRequest(long id, String runbook, String target, Map<String, String> params,
      String planHash, String requestedBy, Origin origin, String statement, int required,
      Instant createdAt, Instant expiresAt, ApprovalState state, Optional<String> decidedBy,
      Optional<String> reason, Optional<Long> runId, List<Approval> approvals) {
    this(id, runbook, target, params, planHash, requestedBy, origin, statement, required,
        createdAt, expiresAt, state, decidedBy, reason, runId, approvals, Optional.empty());
  }

  /** The hash of the preview approvers see, stored with each approval beside the plan's. */
  public Optional<String> previewHash() {
    return preview.map(LossPreview::hash);
  }

  /**
   * What an approver must not miss, for the card to show in bold: options of this request that
   * let through what the runbook would otherwise refuse.
   */
  public List<String> cautions() {
    return dev.lifeboat.verify.PrismaMigrations.ALLOW_UNFINISHED.equals(params.get(
        dev.lifeboat.verify.PrismaMigrations.PARAM))
        ? List.of("Restores even if the backup's Prisma history has a failed or unfinished "
            + "migration (allow-unfinished-migrations): the application may refuse to start "
            + "until someone runs prisma migrate resolve.")
        : List.of();
  }

  /** How people refer to it: /approve a3. */
  public String ref() {
    return "a" + id;
  }

  /** Distinct people whose approval is for {@code hash}; the requester never counts. */
  public List<String> approvers(String hash) {
    return approvals.stream().filter(a -> a.planHash().equals(hash))
        .map(Approval::person).filter(p -> !p.equals(requestedBy)).distinct().toList();
  }
}
