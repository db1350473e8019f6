package dev.lifeboat.incident;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.target.Target;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Builds an incident's {@link Assessment} from the catalog, the engine and the database. */
public final class Assessor {
  /** As far back as the card looks for a good or a verified backup. */
  private static final int LOOKBACK = 50;

  private final LifeboatConfig config;
  private final BackupCatalog catalog;
  private final ApprovalService approvals;
  private final RunEngine engine;
  private final Clock clock;

  public Assessor(LifeboatConfig config, BackupCatalog catalog, ApprovalService approvals,
      RunEngine engine, Clock clock) {
    this.config = config;
    this.catalog = catalog;
    this.approvals = approvals;
    this.engine = engine;
    this.clock = clock;
  }

  /** From the state database only (cheap); {@code database} as last seen. */
  public Assessment assess(String target, Optional<DatabaseState> database) {
    Target t = config.target(target);
    List<BackupRecord> recent = catalog.list(Optional.of(target), LOOKBACK);
    Optional<BackupRecord> good = recent.stream()
        .filter(b -> b.lastVerifiedAt().isEmpty() || b.verifiedGood()).findFirst();
    Optional<BackupRecord> verified = recent.stream()
        .filter(b -> b.lastVerifiedAt().isPresent()).findFirst();
    return new Assessment(target, t.rpo(), t.rto(), good, verified, database,
        approvals.pending().stream().filter(a -> a.target().equals(target)).toList(),
        engine.active(target), Optional.ofNullable(config.incidents().pointInTime().get(target)),
        clock.instant());
  }

  /**
   * Connects to the target's server and reads the database's size. Blocks for up to the
   * connection's timeout: call it from a command or a timer, never from an engine event.
   */
  public DatabaseState probe(String target) {
    Target t = config.target(target);
    try (DatabaseAdmin admin = DatabaseAdmin.connect(t.name(), t.connection())) {
      Optional<Long> size = admin.size(t.connection().database());
      return new DatabaseState(size.isPresent(), size, size.isPresent() ? Optional.empty()
          : Optional.of("the server has no database " + t.connection().database()),
          clock.instant());
    } catch (SQLException e) {
      return new DatabaseState(false, Optional.empty(), Optional.of(DatabaseAdmin.firstLine(e)),
          clock.instant());
    } catch (LifeboatException e) {
      return new DatabaseState(false, Optional.empty(), Optional.of(e.getMessage()),
          clock.instant());
    }
  }
}
