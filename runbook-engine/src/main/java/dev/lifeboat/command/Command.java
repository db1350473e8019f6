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

  /**
   * {@code /incident [i3] SUB ...}: the incident coordination commands. Without an id they
   * mean the incident of the channel they are typed in, else the only open one.
   */
  sealed interface IncidentCommand extends Command {
    Optional<Long> incident();
  }

  /**
   * {@code /incident start TITLE [target] [--severity sev1|sev2|sev3]}
   *
   * @param text the title, and the target when its last word names one
   */
  record IncidentStart(String text, dev.lifeboat.incident.Severity severity)
      implements IncidentCommand {
    @Override
    public Optional<Long> incident() {
      return Optional.empty();
    }
  }

  /** {@code /incident role commander|scribe|dba @person} */
  record IncidentRole(Optional<Long> incident, dev.lifeboat.incident.Role role, String person)
      implements IncidentCommand {}

  /** {@code /incident phase NEXT}: a phase's name, or "next". */
  record IncidentPhase(Optional<Long> incident, String phase) implements IncidentCommand {}

  /** {@code /incident note TEXT}: a line in the timeline. */
  record IncidentNote(Optional<Long> incident, String text) implements IncidentCommand {}

  /** {@code /incident followup TEXT}: something to do after, for the report. */
  record IncidentFollowup(Optional<Long> incident, String text) implements IncidentCommand {}

  /** {@code /incident update TEXT}: a status update, also to the stakeholders. */
  record IncidentUpdate(Optional<Long> incident, String text) implements IncidentCommand {}

  /** {@code /incident timeline} */
  record IncidentTimeline(Optional<Long> incident) implements IncidentCommand {}

  /** {@code /incident resolve}: close it and write the report. */
  record IncidentResolve(Optional<Long> incident) implements IncidentCommand {}

  /** {@code /incident} or {@code /incident status}: the card, freshly assessed. */
  record IncidentShow(Optional<Long> incident) implements IncidentCommand {}
}
