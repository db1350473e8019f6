package dev.lifeboat.restore;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.run.Ago;
import dev.lifeboat.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** What a restore will do, in plain words, for the people asked to approve it. */
public final class RestoreStatement {
  private RestoreStatement() {}

  /**
   * @param expected how long the last verification's restore took, when there was one
   */
  public static String describe(Target target, BackupRecord backup, String mode, Instant now,
      Optional<Duration> expected) {
    BackupManifest m = backup.manifest();
    String what = "Replace database " + target.connection().database() + " ("
        + target.name() + ", " + target.connection().host() + ":" + target.connection().port()
        + ") with backup " + m.id() + " taken " + Ago.of(Duration.between(m.finishedAt(), now))
        + " ago (" + Sizes.human(m.bytes()) + ", " + m.tables().size() + " tables, "
        + String.format(Locale.ROOT, "%,d", m.totalRows()) + " rows).";
    String how = mode.equals("in-place")
        ? " In place: a safety backup of the current data is taken first, then the database is "
            + "cleaned and restored; writes are stopped meanwhile."
        : " Side by side: restored into a new database and checked, then swapped in; the "
            + "current one is kept as " + target.connection().database()
            + "_before_<time> for rollback. Writes are stopped meanwhile.";
    String duration = expected.map(d -> " Expected duration: about " + Ago.of(d)
        + " (last verification).").orElse(" Expected duration: unknown (never verified; "
            + "/verify measures it).");
    return what + how + duration;
  }
}
