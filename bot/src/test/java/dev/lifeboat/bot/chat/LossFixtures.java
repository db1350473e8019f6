package dev.lifeboat.bot.chat;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.restore.LossPreview.TableDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A restore request's loss preview, for the rendering tests of every adapter. */
public final class LossFixtures {
  private LossFixtures() {}

  /** The request, with {@code preview} on its card. */
  public static ApprovalRequest withPreview(ApprovalRequest r, LossPreview preview) {
    return new ApprovalRequest(r.id(), r.runbook(), r.target(), r.params(), r.planHash(),
        r.requestedBy(), r.origin(), r.statement(), r.required(), r.createdAt(), r.expiresAt(),
        r.state(), r.decidedBy(), r.reason(), r.runId(), r.approvals(), Optional.of(preview));
  }

  /**
   * Since the backup: orders and payments gained rows (the restore loses them), sessions lost
   * most of theirs (≈, an estimate), users one row; the newest order is 3 minutes old.
   */
  public static LossPreview lossPreview(Instant takenAt, Instant at) {
    return new LossPreview("shop-b1", takenAt, at, List.of(
        new TableDelta("public.orders", 10_000L, 11_204L, false, "created_at",
            at.minusSeconds(180), takenAt),
        new TableDelta("public.payments", 9_000L, 10_190L, false, null, null, null),
        new TableDelta("public.sessions", 40_000L, 5_000L, true, null, null, null),
        new TableDelta("public.users", 70L, 71L, false, null, null, null)),
        Duration.ofSeconds(10), false, null);
  }
}
