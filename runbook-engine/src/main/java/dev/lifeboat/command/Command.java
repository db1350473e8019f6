package dev.lifeboat.command;

import java.util.Optional;

/** What a person asked for, parsed once for every adapter. */
public sealed interface Command {
  /** {@code /backup now [target]} */
  record BackupNow(Optional<String> target) implements Command {}

  /** {@code /backup list [target]} */
  record BackupList(Optional<String> target) implements Command {}

  /** {@code /backup status} */
  record BackupStatus() implements Command {}

  /** {@code /runs} */
  record Runs() implements Command {}

  /** {@code /cancel r12} */
  record Cancel(long runId) implements Command {}

  /** {@code /help} */
  record Help() implements Command {}
}
