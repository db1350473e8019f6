package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import dev.lifeboat.store.LocalDirectoryStore;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destructive half of /restore against a real PostgreSQL with the real pg_dump and
 * pg_restore: side by side with a swap, in place with a safety backup, and the failures that must
 * leave the original database exactly as it was.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class RestoreIT {
  @TempDir Path dir;

  @Test
  void sideBySideSwapsInTheBackupAndKeepsThePreviousDatabaseReadOnly(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    // What a dump does not carry: owner, rights and the database's own settings.
    String app = "app_" + UUID.randomUUID().toString().substring(0, 8);
    db.execute("CREATE ROLE " + app + " NOLOGIN");
    db.execute("ALTER DATABASE " + db.name() + " OWNER TO " + app);
    db.execute("REVOKE ALL ON DATABASE " + db.name() + " FROM PUBLIC");
    db.execute("GRANT CONNECT ON DATABASE " + db.name() + " TO " + app);
    db.execute("ALTER DATABASE " + db.name() + " SET search_path = \"$user\", public, \"Sales\"");
    db.execute("ALTER DATABASE " + db.name() + " SET work_mem = '8MB'");
    Shop.Shape shapeBefore = Shop.shape(db.cluster(), db.name());
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      Map<String, String> backedUp = Shop.fingerprints(db);
      Shop.changeAfterBackup(db);
      Map<String, String> changed = Shop.fingerprints(db);
      assertThat(changed).isNotEqualTo(backedUp);

      LifeboatEvent.RunFinished finished = h.restore("restore", backup.id(), "side-by-side");

      assertThat(finished.state()).as("error: %s", finished.error())
          .isEqualTo(RunState.SUCCEEDED);
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore SUCCEEDED", "checks SUCCEEDED", "swap SUCCEEDED",
          "release SUCCEEDED", "thaw SUCCEEDED", "cleanup SUCCEEDED", "report SUCCEEDED");
      // The target now holds exactly the backup's rows, and takes writes.
      assertThat(Shop.fingerprints(db)).isEqualTo(backedUp);
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      db.execute("INSERT INTO empty_table VALUES (1)");
      // The previous database is kept, changes and all, and stays read-only.
      List<String> kept = Shop.databasesStartingWith(db.cluster(), db.name() + "_before_");
      assertThat(kept).singleElement().satisfies(k -> assertThat(k)
          .matches(db.name() + "_before_\\d{8}_\\d{6}"));
      assertThat(Shop.fingerprints(db.cluster(), kept.get(0))).isEqualTo(changed);
      assertThat(Shop.readOnlyDefault(db.cluster(), kept.get(0))).isEqualTo("on");
      assertThat(Shop.allowsConnections(db.cluster(), kept.get(0))).contains(true);
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_lbrestore_")).isEmpty();
      // During the run, new sessions on the target were read-only.
      assertThat(h.readOnlyDuringRun).containsExactly("on");
      // The restored database has the previous one's owner, rights and settings.
      Shop.Shape after = Shop.shape(db.cluster(), db.name());
      assertThat(after.owner()).isEqualTo(app);
      assertThat(after.acl()).isEqualTo(shapeBefore.acl());
      assertThat(after.settings()).containsExactlyInAnyOrderElementsOf(shapeBefore.settings());
      assertThat(h.query(db.name(), "SHOW search_path")).containsExactly(
          "\"$user\", public, \"Sales\"");
      assertThat(Shop.shape(db.cluster(), kept.get(0)).settings())
          .contains("default_transaction_read_only=on");

      RestoreReport report = RestoreHarness.report(finished);
      assertThat(report.backupId()).isEqualTo(backup.id());
      assertThat(report.database()).isEqualTo(db.name());
      assertThat(report.mode()).isEqualTo("side-by-side");
      assertThat(report.keptAs()).contains(kept.get(0));
      assertThat(report.safetyBackup()).isEmpty();
      assertThat(report.took()).isPositive();
      assertThat(finished.results()).singleElement().isInstanceOf(RunResult.Restored.class);
      assertThat(finished.results().get(0).summary()).startsWith("restored " + backup.id()
          + " into " + db.name() + " (side-by-side) in ").endsWith(" · previous database kept "
          + "as " + kept.get(0) + " (read-only) for rollback");

      assertThat(h.webhookCalls).containsExactly(
          "{\"target\":\"shop\",\"state\":\"maintenance\"}",
          "{\"target\":\"shop\",\"state\":\"live\"}");
      List<String> logs = h.logs(finished);
      assertThat(logs).contains(
          "safety-backup: side-by-side: the current database is kept, no safety backup needed");
      assertThat(logs).anySatisfy(l -> assertThat(l).startsWith("freeze: writes stopped on "
          + db.name() + ": new sessions are read-only, "));
      assertThat(logs).anySatisfy(l -> assertThat(l).startsWith("freeze: maintenance webhook "
          + "at http://127.0.0.1:"));
      assertThat(String.join("\n", logs)).doesNotContain(RestoreHarness.WEBHOOK_TOKEN)
          .doesNotContain(db.cluster().password());
    }
  }

  /**
   * Finding 8: comment, connection limit, template flag and ALTER ROLE ... IN DATABASE settings
   * were left behind on the kept copy. Now every database-level property pg_dump --create would
   * carry is the same before and after a side-by-side restore.
   */
  @Test
  void sideBySideKeepsEveryDatabaseLevelPropertyPgDumpCreateWouldCarry(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    String app = "app_" + UUID.randomUUID().toString().substring(0, 8);
    String reporting = "reporting_" + UUID.randomUUID().toString().substring(0, 8);
    db.execute("CREATE ROLE " + app + " LOGIN");
    db.execute("CREATE ROLE " + reporting + " NOLOGIN");
    db.execute("COMMENT ON DATABASE " + db.name() + " IS 'the shop''s orders'");
    db.execute("ALTER DATABASE " + db.name() + " WITH CONNECTION LIMIT 40");
    db.execute("ALTER DATABASE " + db.name() + " SET work_mem = '8MB'");
    db.execute("ALTER ROLE " + app + " IN DATABASE " + db.name()
        + " SET statement_timeout = '5s'");
    db.execute("ALTER ROLE " + app + " IN DATABASE " + db.name()
        + " SET search_path = \"$user\", public, \"Sales\"");
    db.execute("ALTER ROLE " + reporting + " IN DATABASE " + db.name()
        + " SET default_transaction_read_only = on");
    Map<String, String> before = Shop.databaseProperties(db.cluster(), db.name());
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.restore("restore", backup.id(), "side-by-side");

      assertThat(finished.state()).as("error: %s", finished.error())
          .isEqualTo(RunState.SUCCEEDED);
      Map<String, String> after = Shop.databaseProperties(db.cluster(), db.name());
      assertThat(after).isEqualTo(before);
      assertThat(after.get("settings")).contains(app + ": statement_timeout=5s",
          reporting + ": default_transaction_read_only=on");
      assertThat(after).containsEntry("comment", "the shop's orders")
          .containsEntry("datconnlimit", "40");
      // The application role's session really gets its setting in the restored database.
      assertThat(h.query(db.name(), "SELECT setconfig::text FROM pg_db_role_setting "
          + "WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) "
          + "AND setrole = '" + app + "'::regrole")).singleElement().asString()
          .contains("statement_timeout=5s");
    }
  }

  /**
   * Kept copies never pile up: after a second restore only the newest is kept (the default
   * policy), the older one is dropped with a line in the run's log, and /backup status lists
   * what is kept with its age, size and when it goes.
   */
  @Test
  void aSecondRestoreDropsTheOlderKeptCopyAndStatusListsTheNewestOne(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      LifeboatEvent.RunFinished first = h.restore("restore", backup.id(), "side-by-side");
      assertThat(first.state()).as("error: %s", first.error()).isEqualTo(RunState.SUCCEEDED);
      String firstKept = RestoreHarness.report(first).keptAs().orElseThrow();
      // An old kept name that refuses connections is a swap caught between its renames (maybe
      // another process's): never the policy's to drop.
      String midSwap = db.name() + "_before_20200101_000000";
      db.cluster().createDatabase(midSwap);
      db.execute("ALTER DATABASE " + midSwap + " WITH ALLOW_CONNECTIONS false");

      LifeboatEvent.RunFinished second = h.restore("restore", backup.id(), "side-by-side");

      assertThat(second.state()).as("error: %s", second.error()).isEqualTo(RunState.SUCCEEDED);
      String secondKept = RestoreHarness.report(second).keptAs().orElseThrow();
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_before_"))
          .containsExactlyInAnyOrder(midSwap, secondKept);
      db.execute("ALTER DATABASE " + midSwap + " WITH ALLOW_CONNECTIONS true");
      db.cluster().dropDatabase(midSwap);
      assertThat(h.logs(second)).anySatisfy(l -> assertThat(l).startsWith("swap: dropped "
          + firstKept + " (" + db.name() + " as it was before a restore ")
          .endsWith("as targets.shop.keep_previous says"));

      Reply reply = h.lifeboat.commands().execute(h.lifeboat.commands().access().person("alice"),
          new Command.BackupStatus(), RestoreHarness.ORIGIN);
      Reply.Kept kept = ((Reply.Status) reply).targets().get(0).kept();
      assertThat(kept.unknown()).isEmpty();
      assertThat(kept.copies()).singleElement().satisfies(k -> {
        assertThat(k.database()).isEqualTo(secondKept);
        assertThat(k.bytes()).isPositive();
        assertThat(k.until()).contains(k.keptAt().plus(java.time.Duration.ofDays(7)));
      });
    }
  }

  @Test
  void inPlaceTakesASafetyBackupFirstThenRestoresOverTheTarget(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      Map<String, String> backedUp = Shop.fingerprints(db);
      Shop.changeAfterBackup(db);
      db.execute("CREATE TABLE created_later (id int)");
      db.execute("INSERT INTO created_later VALUES (1), (2)");
      Map<String, String> changed = Shop.fingerprints(db);

      LifeboatEvent.RunFinished finished = h.restore("restore", backup.id(), "in-place");

      assertThat(finished.state()).as("error: %s", finished.error())
          .isEqualTo(RunState.SUCCEEDED);
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore SUCCEEDED", "checks SUCCEEDED", "swap SUCCEEDED",
          "release SUCCEEDED", "thaw SUCCEEDED", "cleanup SUCCEEDED", "report SUCCEEDED");

      // The safety backup holds the data as it was just before, and is a backup like others.
      BackupRecord safety = h.lifeboat.catalog().latest("shop").orElseThrow();
      assertThat(safety.id()).isNotEqualTo(backup.id());
      assertThat(safety.manifest().runId()).isEqualTo(finished.run().id());
      assertThat(counts(safety)).isEqualTo(rowCounts(changed));
      assertThat(h.lifeboat.stores().get("local").manifests()).extracting(m -> m.id())
          .contains(backup.id(), safety.id());

      // Every table of the backup holds the backup's rows; a table the backup lacks is left.
      Map<String, String> now = Shop.fingerprints(db);
      Map<String, String> ofBackupTables = new LinkedHashMap<>(now);
      ofBackupTables.keySet().retainAll(backedUp.keySet());
      assertThat(ofBackupTables).isEqualTo(backedUp);
      assertThat(now).containsEntry("public.created_later",
          changed.get("public.created_later"));
      assertThat(h.logs(finished)).contains("restore: warning: 1 table not in the backup was "
          + "left as it is: public.created_later");
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(h.readOnlyDuringRun).containsExactly("on");
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_")).isEmpty();

      assertThat(finished.results()).hasSize(2);
      assertThat(finished.results().get(0)).isInstanceOf(RunResult.BackupTaken.class);
      RestoreReport report = RestoreHarness.report(finished);
      assertThat(report.mode()).isEqualTo("in-place");
      assertThat(report.database()).isEqualTo(db.name());
      assertThat(report.safetyBackup()).contains(safety.id());
      assertThat(report.keptAs()).isEmpty();
      assertThat(report.took()).isPositive();
      assertThat(h.logs(finished)).contains("swap: in-place: the backup was restored into "
          + db.name() + " itself, nothing to swap");
    }
  }

  @Test
  void aFailureBeforeTheSwapLeavesTheOriginalExactlyAsItWas(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      Shop.changeAfterBackup(db);
      Map<String, String> changed = Shop.fingerprints(db);

      LifeboatEvent.RunFinished finished = h.restore("restore-failing", backup.id(),
          "side-by-side");

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).contains("checks: 1 of 1 checks failed on the restored copy");
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore SUCCEEDED", "checks FAILED", "swap SKIPPED",
          "release SUCCEEDED", "thaw SUCCEEDED", "cleanup SUCCEEDED", "report SUCCEEDED");
      // It was frozen and restored into a copy when the check failed...
      assertThat(h.readOnlyDuringRun).containsExactly("on");
      assertThat(h.logs(finished)).contains("cleanup: dropped "
          + RestoreNames.restoreCopy(db.name(), finished.run().id()));
      // ...and is now exactly as before, writable, with nothing left beside it.
      assertThat(Shop.fingerprints(db)).isEqualTo(changed);
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_")).isEmpty();
      assertThat(finished.results()).isEmpty();
      assertThat(h.logs(finished)).contains("report: " + db.name() + " was not replaced; it "
          + "holds what it held before the run");
      assertThat(h.webhookCalls).containsExactly(
          "{\"target\":\"shop\",\"state\":\"maintenance\"}",
          "{\"target\":\"shop\",\"state\":\"live\"}");
    }
  }

  @Test
  void aCancelBeforeTheSwapReopensTheOriginalAndDropsTheCopy(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      Shop.changeAfterBackup(db);
      Map<String, String> changed = Shop.fingerprints(db);

      LifeboatEvent.RunFinished finished = h.restore("restore-cancelled", backup.id(),
          "side-by-side");

      assertThat(finished.state()).isEqualTo(RunState.CANCELLED);
      assertThat(finished.error()).contains("cancelled by bob");
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore SUCCEEDED", "checks CANCELLED", "swap SKIPPED",
          "release SUCCEEDED", "thaw SUCCEEDED", "cleanup SUCCEEDED", "report SUCCEEDED");
      assertThat(Shop.fingerprints(db)).isEqualTo(changed);
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_")).isEmpty();
      assertThat(h.webhookCalls).containsExactly(
          "{\"target\":\"shop\",\"state\":\"maintenance\"}",
          "{\"target\":\"shop\",\"state\":\"live\"}");
    }
  }

  /**
   * pg_restore --clean has dropped and recreated tables when the damaged artifact fails it: the
   * target holds neither the old data nor the backup's, so it must stay read-only.
   */
  @Test
  void anInPlaceRestoreThatStopsPartWayLeavesTheTargetReadOnly(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (RestoreHarness h = RestoreHarness.start(dir, new TestConfig(dir).target("shop", db),
        db.cluster())) {
      BackupRecord backup = h.backup();
      // This runbook has no checksum step to catch it: pg_restore reads the table of contents,
      // cleans, and fails on the missing data.
      Path artifact = ((LocalDirectoryStore) h.lifeboat.stores().get("local"))
          .artifactPath(backup.manifest());
      try (RandomAccessFile f = new RandomAccessFile(artifact.toFile(), "rw")) {
        f.setLength(f.length() * 2 / 3);
      }

      LifeboatEvent.RunFinished finished = h.restore("restore", backup.id(), "in-place");

      BackupRecord safety = h.lifeboat.catalog().latest("shop").orElseThrow();
      assertThat(safety.manifest().runId()).isEqualTo(finished.run().id());
      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("restore: The in-place restore of " + backup.id() + " stopped part way: "
              + "pg_restore failed")
          .contains("it stays read-only. To go back: /restore " + safety.id() + " shop in-place.")
          .endsWith("ALTER DATABASE \"" + db.name() + "\" RESET "
              + "default_transaction_read_only;"));
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore FAILED", "checks SKIPPED", "swap SKIPPED",
          "release SUCCEEDED", "thaw FAILED", "cleanup SUCCEEDED", "report SUCCEEDED");
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("on");
      assertThat(finished.results()).singleElement().isInstanceOf(RunResult.BackupTaken.class);
      assertThat(h.logs(finished)).contains("report: " + db.name() + " was partly restored in "
          + "place and stays read-only; see the restore step's error");
      // The application is not told it is live again.
      assertThat(h.webhookCalls).containsExactly(
          "{\"target\":\"shop\",\"state\":\"maintenance\"}");
    }
  }

  /**
   * Lifeboat as the owner of the target (CREATEDB, not a superuser), and a session on the
   * restored copy it may not end: the second rename fails, and the first is undone.
   */
  @Test
  void aSwapThatCannotFinishIsUndone(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    String owner = "restorer_" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    db.execute("CREATE ROLE " + owner + " LOGIN CREATEDB PASSWORD '" + password + "'");
    db.execute("ALTER DATABASE " + db.name() + " OWNER TO " + owner);
    db.execute("GRANT CREATE ON SCHEMA public TO " + owner);
    Shop.create(sql -> db.execute("SET ROLE " + owner + "; " + sql));
    TestConfig config = new TestConfig(dir).target("shop", db.cluster().host(),
        db.cluster().port(), db.name(), owner, password);
    try (RestoreHarness h = RestoreHarness.start(dir, config, db.cluster())) {
      BackupRecord backup = h.backup();
      Shop.changeAfterBackup(db);
      Map<String, String> changed = Shop.fingerprints(db);

      LifeboatEvent.RunFinished finished = h.restore("restore-held", backup.id(),
          "side-by-side");

      String copy = RestoreNames.restoreCopy(db.name(), finished.run().id());
      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("swap: The restored copy " + copy + " could not be renamed to " + db.name()
              + " (ERROR: database \"" + copy + "\" is being accessed by other users; "
              + "sessions Lifeboat's user may not end are connected to it)")
          .contains("the swap was undone and " + db.name() + " is as it was"));
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "freeze SUCCEEDED",
          "safety-backup SUCCEEDED", "restore SUCCEEDED", "checks SUCCEEDED", "swap FAILED",
          "release SUCCEEDED", "thaw SUCCEEDED", "cleanup SUCCEEDED", "report SUCCEEDED");
      assertThat(Shop.fingerprints(db)).isEqualTo(changed);
      assertThat(Shop.allowsConnections(db.cluster(), db.name())).contains(true);
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_")).isEmpty();
      assertThat(finished.results()).isEmpty();
    }
  }

  private static Map<String, Long> counts(BackupRecord backup) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (TableCount t : backup.manifest().tables()) {
      counts.put(t.qualifiedName(), t.rows());
    }
    return counts;
  }

  /** The row counts in {@link Shop#fingerprints}, which are "rows:md5". */
  private static Map<String, Long> rowCounts(Map<String, String> fingerprints) {
    Map<String, Long> counts = new LinkedHashMap<>();
    fingerprints.forEach((table, print) -> counts.put(table,
        Long.parseLong(print.substring(0, print.indexOf(':')))));
    return counts;
  }
}
