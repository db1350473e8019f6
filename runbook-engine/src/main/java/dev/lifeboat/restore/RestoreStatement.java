package dev.lifeboat.restore;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.present.Words;
import dev.lifeboat.run.Ago;
import dev.lifeboat.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a restore will do, in plain words, and the evidence an approver needs, often on a
 * phone: one line for the plan (in the future tense, so it cannot be read as a result), one for
 * the backup, one for its last verification.
 */
public final class RestoreStatement {
  private RestoreStatement() {}

  /**
   * @param expected how long the target's last verified restore took, when there was one
   */
  public static String describe(Target target, BackupRecord backup, String mode, Instant now,
      Optional<Duration> expected) {
    BackupManifest m = backup.manifest();
    String db = target.connection().database();
    String where = db + " on " + target.connection().host() + ":" + target.connection().port();
    String plan = mode.equals("in-place")
        ? "Will take a safety backup of " + where + ", then empty it and restore " + m.id()
            + " into it, in place. Writes stop meanwhile."
        : "Will restore " + m.id() + " into a new database, check it, then swap it in for "
            + where + "; the current one is kept as " + db + "_before_<time> for rollback. "
            + "Writes stop meanwhile.";
    String evidence = "Backup: taken " + Ago.of(Duration.between(m.finishedAt(), now)) + " ago · "
        + Sizes.human(m.bytes()) + " · " + Words.count(m.tables().size(), "table") + " · "
        + Words.count(m.totalRows(), "row") + " · sha256 " + Words.shortChecksum(m.sha256());
    Optional<Duration> took = backup.lastRestoreTook().or(() -> expected);
    String verified = backup.lastVerifiedAt()
        .map(at -> "Last verified " + Ago.of(Duration.between(at, now)) + " ago"
            + backup.lastVerifyResult().map(r -> " (" + r + ")").orElse(""))
        .orElse("This backup was never verified")
        + took.map(d -> "; a restore took " + Ago.of(d) + ", expect about that.")
            .orElse("; the restore time is unknown (/verify measures it).");
    return plan + "\n" + evidence + "\n" + verified;
  }
}
