package dev.lifeboat.approval;

/** Where an approval request stands. */
public enum ApprovalState {
  PENDING, APPROVED, DENIED, EXPIRED, CANCELLED, BROKEN_GLASS,
  /** Its plan changed after it was asked for (runbook edited, target changed): void. */
  STALE;

  public String label() {
    return switch (this) {
      case BROKEN_GLASS -> "run by break-glass";
      case STALE -> "void (its plan changed)";
      default -> name().toLowerCase();
    };
  }
}
