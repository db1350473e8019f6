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

  /** {@code /backup prune [target] [--dry-run]}: apply the retention policy, or show it. */
  record BackupPrune(Optional<String> target, boolean dryRun) implements Command {}

  /** {@code /backup delete ID}: outside the retention policy, so behind the two-person rule. */
  record BackupDelete(String backup) implements Command {}

  /** {@code /verify [backup-id|latest] [target]} */
  record Verify(Optional<String> backup, Optional<String> target) implements Command {}

  /**
   * {@code /restore [backup-id|latest] [target] [side-by-side|in-place]
   * [allow-unfinished-migrations] [with-roles]}
   *
   * @param allowUnfinishedMigrations restore even if the backup's Prisma history has a failed
   *     or unfinished migration (the approval card says so in bold)
   * @param withRoles first create the roles saved with the backup (for a new server)
   */
  record Restore(Optional<String> backup, Optional<String> target, Optional<String> mode,
      boolean allowUnfinishedMigrations, boolean withRoles) implements Command {
    public Restore(Optional<String> backup, Optional<String> target, Optional<String> mode) {
      this(backup, target, mode, false, false);
    }

    public Restore(Optional<String> backup, Optional<String> target, Optional<String> mode,
        boolean allowUnfinishedMigrations) {
      this(backup, target, mode, allowUnfinishedMigrations, false);
    }
  }

  /** {@code /drill [target]} */
  record Drill(Optional<String> target) implements Command {}

  /** {@code /approve [a3]}: without an id, the one request waiting for this person. */
  record Approve(Optional<Long> request) implements Command {}

  /** {@code /deny [a3] [reason]} */
  record Deny(Optional<Long> request, String reason) implements Command {}

  /** {@code /approvals} */
  record Approvals() implements Command {}

  /** {@code /breakglass a3 reason}: run without approval, when the config allows it. */
  record BreakGlass(long request, String reason) implements Command {}

  /** {@code /ack [al3]}: take an alert; without an id, the one open alert this person sees. */
  record Ack(Optional<Long> alert) implements Command {}

  /** {@code /runs} */
  record Runs() implements Command {}

  /** {@code /cancel r12} */
  record Cancel(long runId) implements Command {}

  /** {@code /cancel a3}: the requester withdraws an approval request. */
  record Withdraw(long request) implements Command {}

  /**
   * {@code /continue [r12]} or {@code /abort [r12] [reason]}: the answer to a run's checklist
   * (its ask step).
   */
  record Answer(Optional<Long> run, boolean proceed, String reason) implements Command {}

  /** {@code /help} */
  record Help() implements Command {}
}
