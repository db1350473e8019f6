package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.DumpVersion;
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
import dev.lifeboat.verify.Keys;
import dev.lifeboat.verify.RestoredDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code postgres.restore}: puts the backup's data where the target can take it over.
 *
 * <p>Side by side (the default) restores into a new database {@code <db>_lbrestore_<run>} on the
 * target's server, shaped like the target (owner, encoding, locale, settings, rights), which
 * postgres.swap later renames into place; the target is only read meanwhile. The new database is
 * handed on as temporary the moment it exists, so postgres.drop-temporary removes it if anything
 * fails before the swap.
 *
 * <p>In place restores over the target itself with {@code pg_restore --clean --if-exists}. The
 * target is frozen read-only by then, so pg_restore's own sessions lift that default.
 */
public final class RestoreDatabase implements Step {
  private static final int SHOWN = 5;

  private final Artifacts artifacts;
  private final PgTools tools;
  private final CreateRoles roles;

  public RestoreDatabase(Artifacts artifacts, PgTools tools) {
    this.artifacts = artifacts;
    this.tools = tools;
    this.roles = new CreateRoles(artifacts, tools);
  }

  @Override
  public Object settings(dev.lifeboat.config.ConfigNode with) {
    return PgRestore.Jobs.read(with);
  }

  @Override
  public void execute(StepContext context) throws Exception {
    BackupRecord record = context.get(Keys.BACKUP).orElseThrow(() -> new LifeboatException(
        "Step " + context.step().id() + " needs a backup, but none was selected: put "
            + "backup.select before it in the runbook."));
    BackupManifest m = record.manifest();
    RestoreMode mode = RestoreMode.of(context);
    Target target = context.target();
    String database = target.connection().database();
    // A stream (decrypted, or from a remote store) is restored with one job: pg_restore's
    // workers seek in a file, and the artifact is never copied whole to local disk.
    ArchiveInput artifact = artifacts.forPgRestore(record);
    int jobs = artifact instanceof ArchiveInput.Streamed ? 1
        : context.settings(PgRestore.Jobs.class).count();

    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      PgInstallation restoreTools = toolsFor(admin, m, target);
      context.cancellation().throwIfCancelled();
      roles.createIfAsked(context, record);
      if (mode == RestoreMode.SIDE_BY_SIDE) {
        sideBySide(context, admin, restoreTools, artifact, m, jobs);
      } else {
        inPlace(context, admin, restoreTools, artifact, m, jobs);
      }
    } catch (SQLException e) {
      throw new LifeboatException("The restore of " + m.id() + " into " + database
          + " failed: " + DatabaseAdmin.firstLine(e) + ".", e);
    }
  }

  /** pg_restore for the target's server, refused before anything changes if it cannot work. */
  private PgInstallation toolsFor(DatabaseAdmin admin, BackupManifest m, Target target)
      throws SQLException {
    TargetDatabase.ServerVersion server = admin.version();
    int dumpMajor = DumpVersion.major(m.pgDumpVersion());
    if (dumpMajor > server.major()) {
      throw new LifeboatException("Backup " + m.id() + " was made by pg_dump " + m.pgDumpVersion()
          + " and may not restore into PostgreSQL " + server.version() + " on " + admin.where()
          + ". Nothing was restored; " + target.connection().database() + " is unchanged. Pick "
          + "a backup made by pg_dump " + server.major() + " or older (/backup list "
          + target.name() + "), or upgrade the server first.");
    }
    return tools.forServer(server.major(), server.version());
  }

  private void sideBySide(StepContext context, DatabaseAdmin admin, PgInstallation restoreTools,
      ArchiveInput artifact, BackupManifest m, int jobs) throws Exception {
    Target target = context.target();
    String original = target.connection().database();
    String copy = RestoreNames.restoreCopy(original, context.run().id());
    TargetDatabase.ServerVersion server = admin.version();
    DatabaseShape shape = DatabaseShape.of(admin, original, server.major());
    create(context, admin, shape, copy);
    ConnectionInfo into = target.connection().withDatabase(copy);
    // Handed on before anything else can fail, so the cleanup step finds it.
    context.put(Keys.RESTORED, new RestoredDatabase(into, Duration.ZERO, true));
    try {
      shape.applyTo(admin, copy);
    } catch (SQLException e) {
      throw new LifeboatException("The new database " + copy + " could not be made like "
          + original + ": " + DatabaseAdmin.firstLine(e) + ". Nothing was swapped; " + original
          + " is unchanged. Fix that on " + original + " or give Lifeboat's user the right to "
          + "do it, then restore again.", e);
    }
    context.log("restoring " + m.id() + " into the new database " + copy + " on "
        + admin.where() + " with pg_restore " + restoreTools.version() + ", " + jobs + " job"
        + (jobs == 1 ? "" : "s") + "; " + original + " stays as it is until the swap");
    Duration took;
    try {
      took = run(context, restoreTools, artifact, into, m, jobs, List.of(), Map.of());
    } catch (LifeboatException e) {
      throw new LifeboatException("Backup " + m.id() + " did not restore into " + copy + ": "
          + e.getMessage() + ". Nothing was swapped; " + original + " is unchanged.", e);
    }
    try {
      shape.finish(admin, copy);
    } catch (SQLException e) {
      throw new LifeboatException("The restored database " + copy + " could not be made like "
          + original + ": " + DatabaseAdmin.firstLine(e) + ". Nothing was swapped; " + original
          + " is unchanged. Fix that on " + original + " or give Lifeboat's user the right to "
          + "do it (ALTER ROLE ... IN DATABASE needs CREATEROLE), then restore again.", e);
    }
    context.put(Keys.RESTORED, new RestoredDatabase(into, took, true));
    context.log("restored into " + copy + " in " + Ago.of(took));
  }

  private static void create(StepContext context, DatabaseAdmin admin, DatabaseShape shape,
      String copy) throws SQLException {
    try {
      admin.execute(shape.create(copy, true));
      return;
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState())) {
        throw new LifeboatException("A database named " + copy + " already exists on "
            + admin.where() + "; Lifeboat left it alone and changed nothing else. If it is left "
            + "over from an earlier restore, drop it (DROP DATABASE " + DatabaseAdmin.quote(copy)
            + ";) and restore again.", e);
      }
      if (!DatabaseAdmin.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
        throw admin.failure("create the database " + copy + " to restore into", e);
      }
    }
    // Only a superuser or a member of the owner's role may hand a new database to that owner.
    try {
      admin.execute(shape.create(copy, false));
    } catch (SQLException e) {
      throw admin.failure("create the database " + copy + " to restore into", e);
    }
    context.log("warning: " + copy + " is owned by " + admin.user() + ", not by "
        + shape.owner() + " as " + context.target().connection().database() + " is; after the "
        + "swap: ALTER DATABASE " + DatabaseAdmin.quote(context.target().connection().database())
        + " OWNER TO " + DatabaseAdmin.quote(shape.owner()) + ";");
  }

  private void inPlace(StepContext context, DatabaseAdmin admin, PgInstallation restoreTools,
      ArchiveInput artifact, BackupManifest m, int jobs) throws Exception {
    Target target = context.target();
    String database = target.connection().database();
    // Applications reconnect after the freeze; read-only as they are, their locks would still
    // make pg_restore's DROPs wait.
    DatabaseAdmin.Terminated terminated = admin.terminateSessions(database);
    if (terminated.ended() > 0 || !terminated.refused().isEmpty()) {
      context.log("before restoring in place: " + terminated.describe());
    }
    String safety = context.get(RestoreKeys.SAFETY_BACKUP).map(id -> "safety backup " + id)
        .orElse("no safety backup");
    context.log("restoring " + m.id() + " over " + database + " in place (pg_restore --clean, "
        + restoreTools.version() + ", " + jobs + " job" + (jobs == 1 ? "" : "s") + "; " + safety
        + ")");
    context.put(RestoreKeys.INCOMPLETE, true);
    Duration took;
    try {
      // The target may be frozen read-only; the target's own options still apply.
      took = run(context, restoreTools, artifact,
          target.connection().withServerOption("-c default_transaction_read_only=off"), m, jobs,
          List.of("--clean", "--if-exists"), Map.of());
    } catch (LifeboatException e) {
      throw new LifeboatException("The in-place restore of " + m.id() + " stopped part way: "
          + e.getMessage() + ". " + database + " may now hold part of the backup and part of "
          + "what it had, so it stays read-only. " + context.get(RestoreKeys.SAFETY_BACKUP)
              .map(id -> "To go back: /restore " + id + " " + target.name() + " in-place. ")
              .orElse("") + "To accept it as it is: ALTER DATABASE " + DatabaseAdmin.quote(database)
          + " RESET default_transaction_read_only;", e);
    }
    context.put(RestoreKeys.INCOMPLETE, false);
    context.put(Keys.RESTORED, new RestoredDatabase(target.connection(), took, false));
    context.put(RestoreKeys.REPLACED, true);
    context.log("restored over " + database + " in " + Ago.of(took));
    warnAboutNewerTables(context, m);
  }

  /**
   * pg_restore --clean drops only what the backup contains: a table created after the backup
   * survives an in-place restore. Worth saying, since it is not what "restore" suggests.
   */
  private static void warnAboutNewerTables(StepContext context, BackupManifest m) {
    Set<String> inBackup = new HashSet<>();
    m.tables().forEach(t -> inBackup.add(t.qualifiedName()));
    List<String> extra = new ArrayList<>();
    try (Connection c = TargetDatabase.connect(context.target().name(),
        context.target().connection())) {
      for (DatabaseAdmin.Table t : DatabaseAdmin.dumpedTables(c)) {
        String name = new TableCount(t.schema(), t.name(), 0).qualifiedName();
        if (!inBackup.contains(name)) {
          extra.add(name);
        }
      }
    } catch (SQLException | RuntimeException e) {
      context.log("could not look for tables the backup does not have: " + e.getMessage());
      return;
    }
    if (!extra.isEmpty()) {
      context.log("warning: " + extra.size() + (extra.size() == 1 ? " table" : " tables")
          + " not in the backup " + (extra.size() == 1 ? "was" : "were") + " left as "
          + (extra.size() == 1 ? "it is" : "they are") + ": " + String.join(", ",
              extra.subList(0, Math.min(SHOWN, extra.size())))
          + (extra.size() > SHOWN ? " and " + (extra.size() - SHOWN) + " more" : ""));
    }
  }

  private static Duration run(StepContext context, PgInstallation restoreTools,
      ArchiveInput artifact, ConnectionInfo into, BackupManifest m, int jobs, List<String> args,
      Map<String, String> env) throws InterruptedException {
    int total = m.tables().size();
    AtomicInteger done = new AtomicInteger();
    context.progress(0, total, "starting pg_restore");
    long started = System.nanoTime();
    PgRestore.Outcome outcome = new PgRestore(restoreTools, true).restore(artifact, into, jobs, args,
        env, table -> context.progress(Math.min(done.incrementAndGet(), total), total, table),
        context.cancellation());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    context.progress(total, total, "restored");
    List<String> warnings = outcome.warnings();
    if (!warnings.isEmpty()) {
      context.log(warnings.size() + " harmless pg_restore warning" + (warnings.size() == 1 ? ""
          : "s") + " ignored, e.g. " + warnings.get(0));
    }
    return took;
  }
}
