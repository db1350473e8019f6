package dev.lifeboat.approval;

/** Where an approval request stands. */
public enum ApprovalState {
  PENDING, APPROVED, DENIED, EXPIRED, CANCELLED, BROKEN_GLASS;

  public String label() {
    return this == BROKEN_GLASS ? "run by break-glass" : name().toLowerCase();
  }
}
