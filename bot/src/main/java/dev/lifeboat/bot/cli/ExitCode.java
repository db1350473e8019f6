package dev.lifeboat.bot.cli;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.config.ConfigException;

/**
 * What {@code lifeboat}'s exit status means, for cron jobs and monitors. Few and distinct, in the
 * spirit of sysexits: a script can tell "the backup failed" from "I called it wrongly" from "the
 * config is broken" from "a check found a problem". docs/operations.md lists them.
 */
enum ExitCode {
  /** Everything asked for was done and every check passed. */
  OK(0, "everything asked for was done and every check passed"),
  /** A run (backup, verify, drill) was started and did not succeed. */
  RUN_FAILED(1, "a backup, verify or drill ran and did not succeed"),
  /** The command line was wrong: unknown command or option, unknown target or backup id. */
  USAGE(2, "the command line was wrong: an unknown command, option, target or backup; piped "
      + "to console or demo: a line was not understood or was refused"),
  /** lifeboat.yaml, a runbook or a secret it names is invalid or missing. */
  CONFIG(3, "lifeboat.yaml, a runbook or a secret it names is invalid or missing"),
  /** A check ran and found a problem: an RPO breach, an unreachable target, a broken audit log. */
  CHECK_FAILED(4, "a check found a problem: an RPO breach, an unreachable target or store, "
      + "a broken audit log");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  int code() {
    return code;
  }

  String meaning() {
    return meaning;
  }

  /** The status for a problem that stopped a command before or outside a run. */
  static ExitCode of(LifeboatException e) {
    return switch (e) {
      case ConfigException c -> CONFIG;
      case InvalidInputException i -> USAGE;
      case NotFoundException n -> USAGE;
      default -> RUN_FAILED;
    };
  }
}
