package dev.lifeboat.bot.cli;

import dev.lifeboat.monitor.Finding;
import dev.lifeboat.monitor.Severity;
import java.util.List;

/**
 * The worst of what the monitors found, as {@code lifeboat status} reports it: its exit status
 * and, with {@code --nagios}, the plugin's state and exit code (the Nagios plugin guidelines:
 * 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
enum StatusVerdict {
  OK(ExitCode.OK, 0),
  /** Every target has a recovery point, but one is less certain than asked for. */
  WARNING(ExitCode.OK, 1),
  /** A target may have no recovery point within its objectives: exit 4, a check failed. */
  CRITICAL(ExitCode.CHECK_FAILED, 2);

  /** What a Nagios plugin exits with when it could not look at all. */
  static final int NAGIOS_UNKNOWN = 3;

  private final ExitCode exit;
  private final int nagios;

  StatusVerdict(ExitCode exit, int nagios) {
    this.exit = exit;
    this.nagios = nagios;
  }

  static StatusVerdict of(List<Finding> findings) {
    StatusVerdict worst = OK;
    for (Finding f : findings) {
      StatusVerdict v = Severity.of(f) == Severity.CRITICAL ? CRITICAL : WARNING;
      if (v.ordinal() > worst.ordinal()) {
        worst = v;
      }
    }
    return worst;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  ExitCode exit() {
    return exit;
  }

  int nagios() {
    return nagios;
  }
}
