package dev.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import java.util.stream.Stream;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Manifests;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.store.LocalDirectoryStore;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify runbook against a real PostgreSQL with the real pg_dump and pg_restore: a good
 * backup is proven, and each kind of bad one is caught by the step meant to catch it, with the
 * scratch database gone afterwards in every case.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class VerifyIT {
  private static final Origin ORIGIN = Origin.of("test");

  /** The runbook as it will ship in config/runbooks/verify.yaml. */
  private static final String VERIFY_YAML = """
      name: verify
      description: Restore a backup into a scratch database and prove it is whole.
      params: {backup: {default: latest}, target: {}}
      steps:
        - {id: select, uses: backup.select, timeout: 1m}
        - {id: checksum, uses: backup.verify-checksum, timeout: 2h}
        - {id: contents, uses: backup.contents, timeout: 10m}
        - {id: restore, uses: verify.restore-scratch, with: {jobs: 2}, timeout: 6h}
        - {id: row-counts, uses: verify.row-counts, timeout: 1h}
        - {id: checks, uses: sql.assert, timeout: 10m}
        - {id: migrations, uses: prisma.migrate-status, timeout: 5m}
        - {id: drop-scratch, uses: postgres.drop-temporary, always: true, timeout: 10m}
        - {id: report, uses: verify.report, always: true, timeout: 1m}
      """;

  /** Straight to the restore, to reach its own version check (backup.contents refuses first). */
  private static final String RESTORE_ONLY_YAML = """
      name: restore-only
      params: {backup: {}, target: {}}
      steps:
        - {id: select, uses: backup.select}
        - {id: restore, uses: verify.restore-scratch}
        - {id: drop-scratch, uses: postgres.drop-temporary, always: true}
        - {id: report, uses: verify.report, always: true}
      """;

  @TempDir Path dir;

  @Test
  void aGoodBackupIsVerifiedAndItsScratchCopyDropped(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      BackupManifest m = backup.manifest();

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      VerifyReport report = report(finished);
      assertThat(report.ok()).as("problems: %s", report.problems()).isTrue();
      assertThat(report.backupId()).isEqualTo(backup.id());
      assertThat(report.checksumOk()).contains(true);
      assertThat(report.tablesCompared()).isEqualTo(m.tables().size()).isEqualTo(6);
      assertThat(report.rowsCompared()).isEqualTo(m.totalRows()).isEqualTo(6105);
      assertThat(report.restoreTook()).isPresent();
      assertThat(report.migrationsApplied()).isEmpty();
      assertThat(report.summary()).isEqualTo("ok: 6 tables, 6105 rows match");
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "checksum SUCCEEDED",
          "contents SUCCEEDED", "restore SUCCEEDED", "row-counts SUCCEEDED", "checks SUCCEEDED",
          "migrations SUCCEEDED", "drop-scratch SUCCEEDED", "report SUCCEEDED");

      BackupRecord after = h.lifeboat.catalog().find(backup.id());
      assertThat(after.lastVerifiedAt()).isPresent();
      assertThat(after.lastVerifyResult()).contains("ok: 6 tables, 6105 rows match");
      // The catalog keeps milliseconds.
      assertThat(after.lastRestoreTook()).contains(
          Duration.ofMillis(report.restoreTook().orElseThrow().toMillis()));
      assertThat(scratchExists(db, finished.run())).isFalse();
      assertThat(h.logs(finished)).anySatisfy(l -> assertThat(l)
          .startsWith("backup " + backup.id() + " from ").contains(" ago, "));
      // The source database was only read.
      assertThat(db.count("public.orders")).isEqualTo(5000);
    }
  }

  /**
   * Item 9: with no verify_server, and PostgreSQL server binaries of the target's major version
   * installed here, the scratch restore goes into a throwaway local cluster. The target's user
   * here may not create databases, so a scratch restore on the target's server would fail.
   */
  @Test
  void withoutAVerifyServerTheScratchRestoreRunsInAThrowawayLocalCluster(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    String reader = "reader_" + UUID.randomUUID().toString().substring(0, 8);
    String password = UUID.randomUUID().toString();
    db.execute("CREATE ROLE " + reader + " LOGIN NOCREATEDB PASSWORD '" + password + "'");
    db.execute("GRANT USAGE ON SCHEMA \"Sales\" TO " + reader);
    db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public, \"Sales\" TO " + reader);
    TestConfig config = new TestConfig(dir).target("shop", db.cluster().host(),
        db.cluster().port(), db.name(), reader, password);
    Path clusterFolder;
    try (Harness h = Harness.start(dir, config, "", PgTools.discover())) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(report(finished).ok()).isTrue();
      assertThat(report(finished).notes()).noneSatisfy(n -> assertThat(n).contains("own server"));
      String restoring = h.logs(finished).stream().filter(l -> l.startsWith("restoring into "))
          .findFirst().orElseThrow();
      assertThat(restoring).startsWith("restoring into lifeboat_verify_" + finished.run().id()
          + " on a throwaway PostgreSQL " + db.cluster().installation().version()
          + " cluster on this machine (127.0.0.1:").doesNotContain(":" + db.cluster().port()
          + ")");
      assertThat(scratchExists(db, finished.run())).isFalse();
      // A second verification reuses the cluster the first one started.
      LifeboatEvent.RunFinished second = h.verify(backup.id());
      assertThat(second.state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(h.logs(second)).contains(restoring.replace("lifeboat_verify_"
          + finished.run().id(), "lifeboat_verify_" + second.run().id()));
      clusterFolder = ownClusterFolder().orElseThrow();
    }
    assertThat(clusterFolder).doesNotExist();
  }

  /**
   * Item 9, the other way: no verify_server and no local server binaries of that version (only
   * the client tools), so the scratch restore runs on the target's own server, and the report
   * says so plainly with what it needs there.
   */
  @Test
  void withoutLocalServerBinariesTheReportSaysTheScratchRestoreRanOnProduction(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    PgTools clientOnly = new PgTools(List.of(clientToolsOnly(db.cluster().installation())));
    try (Harness h = Harness.start(dir, new TestConfig(dir).target("shop", db), "",
        clientOnly)) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(report(finished).notes()).anySatisfy(n -> assertThat(n).startsWith(
          "the scratch restore ran on the target's own server 127.0.0.1:" + db.cluster().port()
              + ", next to production").contains("CREATEDB", "free disk", "verify_server",
              "install postgresql-" + db.cluster().majorVersion()));
      assertThat(h.lifeboat.scratchServers().describe(h.lifeboat.config().target("shop"),
          db.cluster().majorVersion()).onProduction()).isTrue();
      // Said once per process, not in every report.
      LifeboatEvent.RunFinished second = h.verify(backup.id());
      assertThat(report(second).notes()).noneSatisfy(n -> assertThat(n).contains("own server"));
    }
  }

  /** This JVM's folder of local scratch clusters, while one runs. */
  private static Optional<Path> ownClusterFolder() throws Exception {
    Path root = ScratchServers.defaultDirectory();
    try (Stream<Path> entries = Files.list(root)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(
          ProcessHandle.current().pid() + "-")).findFirst();
    }
  }

  /** An installation with pg_dump and pg_restore but no server, like postgresql-client-NN. */
  private PgInstallation clientToolsOnly(dev.lifeboat.cluster.ServerBinaries full)
      throws Exception {
    Path bin = Files.createDirectories(dir.resolve("client-only/bin"));
    for (String tool : List.of("pg_dump", "pg_restore", "psql")) {
      Files.createSymbolicLink(bin.resolve(tool), full.tool(tool));
    }
    PgInstallation clientOnly = PgInstallation.at(bin);
    assertThat(clientOnly.hasServer()).isFalse();
    return clientOnly;
  }

  @Test
  void aDirectoryFormatBackupIsDumpedInParallelAndVerifiedFileByFile(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, new TestConfig(dir).target("shop", db)
        .extra("backup: {format: directory, jobs: 2}\n"), "", PgTools.discover())) {
      BackupRecord backup = h.backup();
      BackupManifest m = backup.manifest();
      Path artifact = h.store().artifactPath(m);
      assertThat(m.format()).isEqualTo("directory");
      assertThat(artifact).isDirectory().isEqualTo(artifact.resolveSibling("backup.dir"));
      assertThat(artifact.resolve("toc.dat")).isRegularFile();
      // The manifest's SHA-256 is that of the sha256sum listing of its files, in name order.
      List<Path> files;
      try (Stream<Path> list = Files.list(artifact)) {
        files = list.sorted().toList();
      }
      StringBuilder listing = new StringBuilder();
      long bytes = 0;
      for (Path f : files) {
        listing.append(sha256(Files.readAllBytes(f))).append("  ").append(f.getFileName())
            .append('\n');
        bytes += Files.size(f);
      }
      assertThat(m.sha256()).isEqualTo(sha256(listing.toString().getBytes()));
      assertThat(m.bytes()).isEqualTo(bytes);

      LifeboatEvent.RunFinished verified = h.verify(backup.id());
      assertThat(verified.state()).as("error: %s", verified.error())
          .isEqualTo(RunState.SUCCEEDED);
      assertThat(report(verified).summary()).isEqualTo("ok: 6 tables, 6105 rows match");

      // One damaged table file is caught before anything is restored.
      Path data = files.stream().filter(f -> f.getFileName().toString().matches("\\d+\\.dat\\..+"))
          .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
      byte[] content = Files.readAllBytes(data);
      content[content.length / 2] ^= 0x55;
      Files.write(data, content);
      LifeboatEvent.RunFinished damaged = h.verify(backup.id());
      assertThat(damaged.state()).isEqualTo(RunState.FAILED);
      assertThat(damaged.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("checksum: Backup " + backup.id() + " is damaged: its SHA-256 is "));
      assertThat(scratchExists(db, damaged.run())).isFalse();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aCorruptedArtifactFailsAtTheChecksumAndNothingIsCreated(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      Path artifact = h.store().artifactPath(backup.manifest());
      try (RandomAccessFile f = new RandomAccessFile(artifact.toFile(), "rw")) {
        long middle = f.length() / 2;
        f.seek(middle);
        byte[] bytes = new byte[16];
        f.readFully(bytes);
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) ~bytes[i];
        }
        f.seek(middle);
        f.write(bytes);
      }

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      String shownHash = backup.manifest().sha256().substring(0, 12) + "…";
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("checksum: Backup " + backup.id() + " is damaged: its SHA-256 is ")
          .contains("but its manifest says " + shownHash)
          .endsWith("Nothing was restored; use another backup (/backup list)."));
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "checksum FAILED",
          "contents SKIPPED", "restore SKIPPED", "row-counts SKIPPED", "checks SKIPPED",
          "migrations SKIPPED", "drop-scratch SUCCEEDED", "report SUCCEEDED");
      VerifyReport report = report(finished);
      assertThat(report.ok()).isFalse();
      assertThat(report.checksumOk()).contains(false);
      assertThat(report.restoreTook()).isEmpty();
      assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p)
          .startsWith("the artifact's SHA-256 is ").endsWith("the manifest says " + shownHash));
      // The damage is remembered: /backup list shows this backup failed its verification.
      BackupRecord after = h.lifeboat.catalog().find(backup.id());
      assertThat(after.lastVerifiedAt()).isPresent();
      assertThat(after.lastVerifyResult()).hasValueSatisfying(r -> assertThat(r)
          .startsWith("FAILED: the artifact's SHA-256 is "));
      assertThat(after.lastRestoreTook()).isEmpty();
      assertThat(h.started(finished)).doesNotContain("restore");
      assertThat(scratchExists(db, finished.run())).isFalse();
    }
  }

  @Test
  void aRowCountThatDiffersFromTheManifestIsReported(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      h.rewriteManifest(backup.id(), m -> withTables(m, m.tables().stream()
          .map(t -> t.qualifiedName().equals("public.orders")
              ? new TableCount(t.schema(), t.table(), 4999) : t).toList()));

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("row-counts: The restored copy of " + backup.id()
              + " does not match its manifest: public.orders: 5000 rows, the manifest says 4999."));
      VerifyReport report = report(finished);
      assertThat(report.problems()).containsExactly(
          "public.orders: 5000 rows, the manifest says 4999");
      assertThat(report.checksumOk()).contains(true);
      assertThat(report.tablesCompared()).isEqualTo(6);
      assertThat(report.restoreTook()).isPresent();
      assertThat(h.statuses(finished)).contains("row-counts FAILED", "checks SKIPPED",
          "drop-scratch SUCCEEDED", "report SUCCEEDED");
      assertThat(h.lifeboat.catalog().find(backup.id()).lastVerifyResult())
          .contains("FAILED: public.orders: 5000 rows, the manifest says 4999");
      assertThat(scratchExists(db, finished.run())).isFalse();
    }
  }

  @Test
  void aTableTheManifestListsButTheArtifactLacksIsCaughtBeforeRestoring(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      h.rewriteManifest(backup.id(), m -> {
        List<TableCount> tables = new ArrayList<>(m.tables());
        tables.add(new TableCount("public", "ghost", 3));
        return withTables(m, tables);
      });

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      // The table of contents catches it: pg_restore never runs.
      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .isEqualTo("contents: Backup " + backup.id() + " lacks the data of 1 table its "
              + "manifest lists (public.ghost). Nothing was restored; use another backup "
              + "(/backup list)."));
      assertThat(report(finished).problems())
          .containsExactly("table public.ghost is missing from the artifact");
      assertThat(h.statuses(finished)).contains("contents FAILED", "restore SKIPPED");
      assertThat(scratchExists(db, finished.run())).isFalse();
    }
  }

  @Test
  void failingChecksAreReportedAndTheScratchCopyIsStillDropped(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    String targetKeys = "    checks: [\"select count(*) > 100000 from orders\", "
        + "\"select count(*) = 1000 from customers\", \"select count(*) > 0 from users\"]\n"
        + "    critical_tables: [public.customers, empty_table]\n";
    try (Harness h = Harness.start(dir, db, targetKeys)) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      VerifyReport report = report(finished);
      assertThat(report.checksRun()).isEqualTo(5);
      assertThat(report.checksPassed()).isEqualTo(2);
      assertThat(report.problems()).containsExactly(
          "check `select count(*) > 100000 from orders` returned false",
          "check `select count(*) > 0 from users` failed: ERROR: relation \"users\" does not "
              + "exist",
          "critical table empty_table is empty after restore");
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("checks: 3 of 5 checks failed on the restored copy of " + backup.id()
              + ": check `select count(*) > 100000 from orders` returned false; ")
          .contains("targets.shop.checks"));
      // Row counts were fine; only the checks failed.
      assertThat(report.tablesCompared()).isEqualTo(6);
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "checksum SUCCEEDED",
          "contents SUCCEEDED", "restore SUCCEEDED", "row-counts SUCCEEDED", "checks FAILED",
          "migrations SKIPPED", "drop-scratch SUCCEEDED", "report SUCCEEDED");
      assertThat(scratchExists(db, finished.run())).isFalse();
      assertThat(h.lifeboat.catalog().find(backup.id()).lastVerifyResult())
          .contains("FAILED: check `select count(*) > 100000 from orders` returned false");
    }
  }

  /** Asked for explicitly, an unfinished migration is a note, not a failure. */
  @Test
  void anUnfinishedPrismaMigrationCanBeLetThroughWhenAskedFor(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    db.execute("CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum "
        + "varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL, "
        + "logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), "
        + "applied_steps_count int NOT NULL DEFAULT 0)");
    db.execute("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, "
        + "rolled_back_at, started_at) VALUES "
        + "('1', 'c1', '2026-01-01 10:00:01', '20260101100000_init', NULL, '2026-01-01 10:00'),"
        + "('2', 'c2', '2026-02-01 10:00:01', '20260201100000_orders', NULL, '2026-02-01 10:00'),"
        + "('3', 'c3', NULL, '20260301100000_bad_index', '2026-03-01 11:00', '2026-03-01 10:00'),"
        + "('4', 'c4', NULL, '20260401100000_add_email', NULL, '2026-04-01 10:00')");
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.run("verify", backup.id(),
          Map.of(PrismaMigrations.PARAM, PrismaMigrations.ALLOW_UNFINISHED));

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      VerifyReport report = report(finished);
      assertThat(report.problems()).isEmpty();
      assertThat(report.notes()).contains("migration 20260401100000_add_email never finished "
          + "(failed or interrupted); restored anyway, as asked (migrations: allow-unfinished)");
      assertThat(h.statuses(finished)).contains("migrations SUCCEEDED");
    }
  }

  @Test
  void anUnfinishedPrismaMigrationIsReportedByName(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    db.execute("CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum "
        + "varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL, "
        + "logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), "
        + "applied_steps_count int NOT NULL DEFAULT 0)");
    db.execute("INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, "
        + "rolled_back_at, started_at) VALUES "
        + "('1', 'c1', '2026-01-01 10:00:01', '20260101100000_init', NULL, '2026-01-01 10:00'),"
        + "('2', 'c2', '2026-02-01 10:00:01', '20260201100000_orders', NULL, '2026-02-01 10:00'),"
        + "('3', 'c3', NULL, '20260301100000_bad_index', '2026-03-01 11:00', '2026-03-01 10:00'),"
        + "('4', 'c4', NULL, '20260401100000_add_email', NULL, '2026-04-01 10:00')");
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();

      LifeboatEvent.RunFinished finished = h.verify(backup.id());

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      VerifyReport report = report(finished);
      // Rolled back is resolved, not pending: only the last one is a problem.
      assertThat(report.migrationsApplied()).contains(2);
      assertThat(report.problems()).containsExactly(
          "migration 20260401100000_add_email never finished (failed or interrupted)");
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("migrations: Backup " + backup.id() + " holds 1 Prisma migration that "
              + "never finished (failed or interrupted): 20260401100000_add_email."));
      assertThat(report.tablesCompared()).isEqualTo(7);
      assertThat(h.statuses(finished)).contains("checks SUCCEEDED", "migrations FAILED",
          "drop-scratch SUCCEEDED");
      assertThat(scratchExists(db, finished.run())).isFalse();
    }
  }

  @Test
  void aBackupFromANewerPgDumpIsRefusedBeforeAnythingIsCreated(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    int serverMajor = pg.cluster().majorVersion();
    String newer = (serverMajor + 2) + ".1";
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      h.rewriteManifest(backup.id(), m -> new BackupManifest(m.manifestVersion(), m.id(),
          m.target(), m.database(), m.startedAt(), m.finishedAt(), m.artifact(), m.format(),
          m.compression(), m.encryption(), m.bytes(), m.sha256(), m.serverVersion(), newer,
          m.snapshot(), m.tables(), m.createdBy(), m.runId()));

      // The shipped runbook stops at the table of contents: no pg_restore here can read it.
      LifeboatEvent.RunFinished viaContents = h.verify(backup.id());
      assertThat(viaContents.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("contents: Backup " + backup.id() + " was made by pg_dump " + newer
              + "; the newest pg_restore here is ")
          .contains("Install postgresql-client-" + (serverMajor + 2)));

      // The restore step itself also refuses a server older than the pg_dump.
      LifeboatEvent.RunFinished viaRestore = h.run("restore-only", backup.id());
      assertThat(viaRestore.state()).isEqualTo(RunState.FAILED);
      assertThat(viaRestore.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("restore: Backup " + backup.id() + " was made by pg_dump " + newer
              + " and may not restore into PostgreSQL " + serverMajor + ".")
          .contains("Nothing was created").contains("targets.shop.verify_server"));
      assertThat(report(viaRestore).problems()).singleElement().satisfies(p -> assertThat(p)
          .startsWith("restore: Backup " + backup.id() + " was made by pg_dump " + newer));
      assertThat(scratchExists(db, viaRestore.run())).isFalse();
      // The first run read the artifact, so the catalog remembers why it could not go on; the
      // second never read it and leaves that alone.
      assertThat(h.lifeboat.catalog().find(backup.id()).lastVerifyResult())
          .hasValueSatisfying(r -> assertThat(r).startsWith("FAILED: contents: Backup "
              + backup.id() + " was made by pg_dump " + newer));
    }
  }

  @Test
  void aScratchDatabaseIsDroppedWhenPgRestoreFailsHalfWay(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Harness h = Harness.start(dir, db, "")) {
      BackupRecord backup = h.backup();
      // Cut the artifact in half; the runbook without checksum and contents goes straight to
      // pg_restore, which fails after the scratch database was created.
      Path artifact = h.store().artifactPath(backup.manifest());
      try (RandomAccessFile f = new RandomAccessFile(artifact.toFile(), "rw")) {
        f.setLength(f.length() / 2);
      }

      LifeboatEvent.RunFinished finished = h.run("restore-only", backup.id());

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("restore: Backup " + backup.id() + " did not restore into the scratch "
              + "database: pg_restore failed: ")
          .endsWith("The target was not touched; use another backup (/backup list), or check "
              + "the verification server if others fail too."));
      assertThat(h.statuses(finished)).containsExactly("select SUCCEEDED", "restore FAILED",
          "drop-scratch SUCCEEDED", "report SUCCEEDED");
      assertThat(h.logs(finished)).contains("dropped lifeboat_verify_" + finished.run().id());
      assertThat(report(finished).problems()).singleElement().satisfies(p -> assertThat(p)
          .startsWith("restore: Backup " + backup.id() + " did not restore"));
      assertThat(scratchExists(db, finished.run())).isFalse();
    }
  }

  private static VerifyReport report(LifeboatEvent.RunFinished finished) {
    assertThat(finished.results()).singleElement().isInstanceOf(RunResult.Verified.class);
    return ((RunResult.Verified) finished.results().get(0)).report();
  }

  private static BackupManifest withTables(BackupManifest m, List<TableCount> tables) {
    return new BackupManifest(m.manifestVersion(), m.id(), m.target(), m.database(),
        m.startedAt(), m.finishedAt(), m.artifact(), m.format(), m.compression(), m.encryption(),
        m.bytes(), m.sha256(), m.serverVersion(), m.pgDumpVersion(), m.snapshot(), tables,
        m.createdBy(), m.runId());
  }

  private static boolean scratchExists(TestDatabase db, RunInfo run) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, "lifeboat_verify_" + run.id());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** 6 tables, 6105 rows, awkward names included; the same shape BackupIT uses. */
  private static void createShop(TestDatabase db) {
    db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, "
        + "total numeric(10,2))");
    db.execute("CREATE TABLE empty_table (id int)");
    db.execute("CREATE SCHEMA \"Sales\"");
    db.execute("CREATE TABLE \"Sales\".\"we\"\"ird; name\" (id int, \"Mixed Case\" text)");
    db.execute("CREATE TABLE \"Sales\".\"Region\" (code text PRIMARY KEY)");
    db.execute("CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at)");
    db.execute("CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') "
        + "TO ('2027-01-01')");
    db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g");
    db.execute("INSERT INTO orders SELECT g, 1 + g % 1000, g * 1.5 "
        + "FROM generate_series(1, 5000) g");
    db.execute("INSERT INTO \"Sales\".\"we\"\"ird; name\" VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    db.execute("INSERT INTO \"Sales\".\"Region\" VALUES ('EU'), ('US')");
    db.execute("INSERT INTO parted SELECT g, date '2026-01-01' + g FROM generate_series(0, 99) g");
  }

  /**
   * A Lifeboat for taking real backups and verifying them on its own engine, with the
   * runbooks above beside the shipped ones.
   */
  private static final class Harness implements AutoCloseable {
    final Lifeboat lifeboat;
    final RecordingSink events = new RecordingSink();
    final RunEngine engine;

    private Harness(Lifeboat lifeboat) {
      this.lifeboat = lifeboat;
      this.engine = lifeboat.engine();
      lifeboat.events().subscribe(events);
    }

    /** @param targetKeys YAML lines added to target "shop" */
    static Harness start(Path dir, TestDatabase db, String targetKeys) {
      return start(dir, new TestConfig(dir).target("shop", db), targetKeys, PgTools.discover());
    }

    /** With the client tools Lifeboat may use, e.g. without local server binaries. */
    static Harness start(Path dir, TestConfig config, String targetKeys, PgTools tools) {
      config.runbook("verify", VERIFY_YAML).runbook("restore-only", RESTORE_ONLY_YAML);
      targetKeys.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(line -> {
        String[] keyValue = line.split(": ", 2);
        config.targetOption("shop", keyValue[0], keyValue[1]);
      });
      return new Harness(Lifeboat.start(config.load(), config.environment(),
          java.time.Clock.systemUTC(), tools));
    }

    BackupRecord backup() throws Exception {
      Person alice = lifeboat.commands().access().person("alice");
      Reply reply = lifeboat.commands().execute(alice,
          new Command.BackupNow(Optional.of("shop")), ORIGIN);
      long id = ((Reply.RunAccepted) reply).run().id();
      lifeboat.engine().completion(id).get(2, TimeUnit.MINUTES);
      LifeboatEvent.RunFinished finished = events.finished(id);
      assertThat(finished.state()).as("backup error: %s", finished.error())
          .isEqualTo(RunState.SUCCEEDED);
      return lifeboat.catalog().latest("shop").orElseThrow();
    }

    LifeboatEvent.RunFinished verify(String backupId) throws Exception {
      return run("verify", backupId);
    }

    LifeboatEvent.RunFinished run(String runbook, String backupId) throws Exception {
      return run(runbook, backupId, Map.of());
    }

    LifeboatEvent.RunFinished run(String runbook, String backupId, Map<String, String> extra)
        throws Exception {
      Map<String, String> params = new java.util.HashMap<>(extra);
      params.put("backup", backupId);
      params.put("target", "shop");
      Plan plan = Plan.of(lifeboat.runbooks().get(runbook), lifeboat.config().target("shop"),
          params, "alice");
      RunInfo run = engine.start(plan, ORIGIN);
      engine.completion(run.id()).get(2, TimeUnit.MINUTES);
      return events.finished(run.id());
    }

    LocalDirectoryStore store() {
      return (LocalDirectoryStore) lifeboat.stores().get("local");
    }

    /**
     * Replaces a backup's manifest in the store, then rebuilds its catalog entry from it, the way
     * a damaged or tampered store would present itself.
     */
    void rewriteManifest(String id, UnaryOperator<BackupManifest> change) throws Exception {
      BackupManifest m = lifeboat.catalog().find(id).manifest();
      Path file = store().artifactPath(m).resolveSibling("manifest.json");
      Files.write(file, Manifests.mapper().writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(change.apply(m)));
      try (Connection c = lifeboat.state().connect();
          PreparedStatement s = c.prepareStatement("DELETE FROM backups WHERE id = ?")) {
        s.setString(1, id);
        assertThat(s.executeUpdate()).isEqualTo(1);
      }
      lifeboat.catalog().rebuild(lifeboat.stores().all());
    }

    /** "step STATUS" of one run, in order. */
    List<String> statuses(LifeboatEvent.RunFinished finished) {
      return events.of(LifeboatEvent.StepFinished.class).stream()
          .filter(e -> e.run().id() == finished.run().id())
          .map(e -> e.step() + " " + e.status()).toList();
    }

    List<String> started(LifeboatEvent.RunFinished finished) {
      return events.of(LifeboatEvent.StepStarted.class).stream()
          .filter(e -> e.run().id() == finished.run().id())
          .map(LifeboatEvent.StepStarted::step).toList();
    }

    List<String> logs(LifeboatEvent.RunFinished finished) {
      return events.of(LifeboatEvent.StepLog.class).stream()
          .filter(e -> e.run().id() == finished.run().id())
          .map(LifeboatEvent.StepLog::line).toList();
    }

    @Override
    public void close() {
      lifeboat.close();
    }
  }
}
