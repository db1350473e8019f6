package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.postgres.DumpVersion;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgRestore;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.run.Ago;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.backup.Artifacts;
import dev.lifeboat.postgres.ArchiveInput;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code verify.restore-scratch}: restores the backup with pg_restore into a new database
 * {@code lifeboat_verify_<run>} on the server {@link ScratchServers} chooses (a verify_server, a
 * throwaway local cluster, or said plainly the target's own; never the target database) and
 * measures how long that takes: the real RTO for this backup's size. The database is handed to
 * later steps as temporary, so {@code postgres.drop-temporary} removes it, also after a failure.
 */
public final class RestoreScratch implements Step {
  private static final String PREFIX = "lifeboat_verify_";
  private static final int SHOWN_WARNINGS = 5;

  private final Artifacts artifacts;
  private final PgTools tools;
  private final ScratchServers scratchServers;

  public RestoreScratch(Artifacts artifacts, PgTools tools, ScratchServers scratchServers) {
    this.artifacts = artifacts;
    this.tools = tools;
    this.scratchServers = scratchServers;
  }

  @Override
  public Object settings(dev.lifeboat.config.ConfigNode with) {
    return PgRestore.Jobs.read(with);
  }

  @Override
  public void execute(StepContext context) throws Exception {
    BackupRecord record = Shared.backup(context);
    BackupManifest m = record.manifest();
    Findings findings = Shared.findings(context);
    Target target = context.target();
    // A stream (decrypted, or from a remote store) is restored with one job: pg_restore's
    // workers seek in a file, and the artifact is never copied whole to local disk.
    ArchiveInput artifact = artifacts.forPgRestore(record);
    int jobs = artifact instanceof ArchiveInput.Streamed ? 1
        : context.settings(PgRestore.Jobs.class).count();
    String scratch = PREFIX + context.run().id();
    ScratchServer where = scratchServers.choose(target, sourceMajor(target, m));
    ConnectionInfo server = where.connection();
    PgInstallation restoreTools;
    String serverVersion;
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), server)) {
      TargetDatabase.ServerVersion version = admin.version();
      serverVersion = version.version();
      int dumpMajor = DumpVersion.major(m.pgDumpVersion());
      if (dumpMajor > version.major()) {
        throw new LifeboatException("Backup " + m.id() + " was made by pg_dump "
            + m.pgDumpVersion() + " and may not restore into PostgreSQL " + version.version()
            + " on the verification server (" + where(server) + "). Nothing was created. Verify "
            + "it on a PostgreSQL " + dumpMajor + " or newer server: set targets." + target.name()
            + ".verify_server in lifeboat.yaml.");
      }
      restoreTools = tools.forServer(version.major(), version.version());
      context.cancellation().throwIfCancelled();
      create(admin, scratch, target);
    }
    ConnectionInfo into = server.withDatabase(scratch);
    // Registered before pg_restore starts, so the drop step cleans up even if it fails.
    context.put(Keys.RESTORED, new RestoredDatabase(into, Duration.ZERO, true));
    if (where.onProduction() && scratchServers.firstTimeOnProduction(target)) {
      findings.note("the scratch restore ran on " + where.description());
    }
    context.log("restoring into " + scratch + " on " + where.description() + " (PostgreSQL "
        + serverVersion + ") with pg_restore " + restoreTools.version() + ", " + jobs + " job"
        + (jobs == 1 ? "" : "s") + (artifact instanceof ArchiveInput.Streamed
            ? ", streaming " + artifact.describe() : ""));

    int total = m.tables().size();
    AtomicInteger done = new AtomicInteger();
    context.progress(0, total, "starting pg_restore");
    long started = System.nanoTime();
    PgRestore.Outcome outcome;
    try {
      outcome = new PgRestore(restoreTools).restore(artifact, into, jobs, List.of(), Map.of(),
          table -> context.progress(Math.min(done.incrementAndGet(), total), total, table),
          context.cancellation());
    } catch (LifeboatException e) {
      String hint = where.kind() == ScratchServer.Kind.LOCAL && e.getMessage() != null
          && e.getMessage().contains("extension") ? " The local PostgreSQL may lack an "
              + "extension the target has: install it here, or set targets." + target.name()
              + ".verify_server to a server that has it." : "";
      throw new LifeboatException("Backup " + m.id() + " did not restore into the scratch "
          + "database: " + e.getMessage() + ". The target was not touched; use another backup "
          + "(/backup list), or check the verification server if others fail too." + hint, e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    context.put(Keys.RESTORED, new RestoredDatabase(into, took, true));
    findings.restoreTook(took);
    List<String> warnings = outcome.warnings();
    warnings.stream().limit(SHOWN_WARNINGS).forEach(w -> findings.note("pg_restore: " + w));
    if (warnings.size() > SHOWN_WARNINGS) {
      findings.note("pg_restore: " + (warnings.size() - SHOWN_WARNINGS) + " more harmless "
          + "warnings of the same kinds");
    }
    context.progress(total, total, "restored");
    context.log("restored in " + Ago.of(took) + (warnings.isEmpty() ? ""
        : " (" + warnings.size() + " harmless warning" + (warnings.size() == 1 ? "" : "s")
            + " ignored)"));
  }

  /**
   * The major version of the server the backup came from, from its manifest; only a manifest
   * without one makes Lifeboat ask the target itself.
   */
  private static int sourceMajor(Target target, BackupManifest m) throws java.sql.SQLException {
    int major = DumpVersion.major(m.serverVersion());
    if (major > 0) {
      return major;
    }
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      return admin.version().major();
    }
  }

  private static void create(DatabaseAdmin admin, String scratch, Target target) {
    try {
      admin.createEmpty(scratch);
    } catch (SQLException e) {
      if (DatabaseAdmin.DUPLICATE_DATABASE.equals(e.getSQLState())) {
        throw new LifeboatException("A database named " + scratch + " already exists on "
            + admin.where() + "; Lifeboat left it alone. If it is a leftover of an earlier "
            + "verification, drop it (DROP DATABASE " + DatabaseAdmin.quote(scratch) + ";) and "
            + "verify again.", e);
      }
      if (DatabaseAdmin.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw new LifeboatException("User " + admin.user() + " may not create databases on "
            + admin.where() + ", which verification needs for its scratch copy. Allow it (ALTER "
            + "ROLE " + DatabaseAdmin.quote(admin.user()) + " CREATEDB;) or set targets."
            + target.name() + ".verify_server to a server where it may.", e);
      }
      throw new LifeboatException("Could not create the scratch database " + scratch + " on "
          + admin.where() + ": " + DatabaseAdmin.firstLine(e), e);
    }
  }

  private static String where(ConnectionInfo server) {
    return server.host() + ":" + server.port();
  }
}
