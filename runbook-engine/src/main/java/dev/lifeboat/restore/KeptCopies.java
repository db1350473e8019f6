package dev.lifeboat.restore;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.target.KeepPrevious;
import dev.lifeboat.target.Target;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The databases side-by-side restores replaced, kept as {@code <db>_before_<time>} for rollback:
 * listed (age, size) for {@code /backup status}, and dropped once the target's
 * {@link KeepPrevious} policy no longer keeps them, so they never pile up unseen.
 */
public final class KeptCopies {
  private final Clock clock;

  public KeptCopies(Clock clock) {
    this.clock = clock;
  }

  /**
   * One kept database.
   *
   * @param keptAt when the restore replaced it, from its name
   * @param until when the policy drops it; empty when a newer kept copy makes it go first
   */
  public record KeptCopy(String database, Instant keptAt, long bytes, Optional<Instant> until) {}

  /** The kept copies of {@code target}, newest first. */
  public List<KeptCopy> list(Target target) throws SQLException {
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      return list(admin, target);
    }
  }

  /**
   * Drops the kept copies the policy no longer keeps.
   *
   * @return one line per copy dropped, or that could not be dropped and why
   */
  public List<String> prune(Target target) {
    List<String> lines = new ArrayList<>();
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      List<KeptCopy> copies = list(admin, target);
      for (KeptCopy copy : expired(copies, target.keepPrevious(), now())) {
        // Closed to connections: a swap is between its renames (here or in another process),
        // or died there; it may be the only copy of the original. Recovery decides, not us.
        if (!admin.allowsConnections(copy.database()).orElse(false)) {
          continue;
        }
        try {
          admin.drop(copy.database());
          lines.add("dropped " + copy.database() + " (" + target.connection().database()
              + " as it was before a restore " + dev.lifeboat.run.Ago.of(Duration.between(
                  copy.keptAt(), now())) + " ago), as targets." + target.name()
              + ".keep_previous says");
        } catch (SQLException e) {
          lines.add(admin.dropFailure(copy.database(), e).getMessage());
        }
      }
    } catch (SQLException | RuntimeException e) {
      lines.add("could not look for kept copies of " + target.connection().database() + ": "
          + (e instanceof SQLException s ? DatabaseAdmin.firstLine(s) : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return lines;
  }

  /** Beyond the newest {@code count}, or older than {@code maxAge}. */
  static List<KeptCopy> expired(List<KeptCopy> newestFirst, KeepPrevious policy, Instant now) {
    List<KeptCopy> expired = new ArrayList<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      KeptCopy c = newestFirst.get(i);
      if (i >= policy.count() || !c.keptAt().plus(policy.maxAge()).isAfter(now)) {
        expired.add(c);
      }
    }
    return expired;
  }

  private List<KeptCopy> list(DatabaseAdmin admin, Target target) throws SQLException {
    String prefix = RestoreNames.keptPrefix(target.connection().database());
    List<KeptCopy> copies = new ArrayList<>();
    for (String name : admin.namesStartingWith(prefix)) {
      Optional<Instant> at = RestoreNames.keptAt(name.substring(prefix.length()));
      Optional<Long> size = admin.size(name);
      if (at.isPresent() && size.isPresent()) {
        copies.add(new KeptCopy(name, at.get(), size.get(), Optional.empty()));
      }
    }
    copies.sort(Comparator.comparing(KeptCopy::keptAt).reversed());
    KeepPrevious policy = target.keepPrevious();
    List<KeptCopy> withUntil = new ArrayList<>();
    for (int i = 0; i < copies.size(); i++) {
      KeptCopy c = copies.get(i);
      withUntil.add(new KeptCopy(c.database(), c.keptAt(), c.bytes(), i < policy.count()
          ? Optional.of(c.keptAt().plus(policy.maxAge())) : Optional.empty()));
    }
    return withUntil;
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
