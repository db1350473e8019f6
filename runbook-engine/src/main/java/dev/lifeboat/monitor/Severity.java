package dev.lifeboat.monitor;

/**
 * How bad a {@link Finding} is for a monitor that reads Lifeboat (lifeboat status, a Nagios
 * check). Critical: there may be no recovery point within the objectives right now. Warning:
 * the recovery point exists but is less certain than the team asked for.
 */
public enum Severity {
  WARNING, CRITICAL;

  /** By the finding's monitor: the names {@link Monitors} gives them. */
  public static Severity of(Finding finding) {
    String monitor = finding.monitor();
    if (monitor.equals("rpo") || monitor.equals("backup-failed")
        || monitor.equals("verify-failed") || monitor.startsWith("store:")
        || monitor.startsWith("rto:")) {
      return CRITICAL;
    }
    // size, drill-failed, drill-overdue, unproven, approval:a3
    return WARNING;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
