package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.Artifacts;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.postgres.ToolVersionException;
import dev.lifeboat.process.ToolRun;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code /restore ... with-roles}: creates the roles saved with the backup (its owners and
 * grantees) on the target's server, run by postgres.restore before pg_restore, so a restore onto
 * a new server keeps every object's owner and rights. Roles that exist already are left as they
 * are; passwords were never saved, so new login roles need one set afterwards. Without
 * with-roles it does nothing.
 */
public final class CreateRoles {
  /** The plan parameter: {@code create} or {@code skip} (the default). */
  public static final String PARAM = "roles";
  public static final String CREATE = "create";

  private final Artifacts artifacts;
  private final PgTools tools;

  public CreateRoles(Artifacts artifacts, PgTools tools) {
    this.artifacts = artifacts;
    this.tools = tools;
  }

  /** Creates the roles when the plan asks for them ({@code roles: create}). */
  public void createIfAsked(StepContext context, BackupRecord record) throws InterruptedException {
    if (!context.param(PARAM).filter(CREATE::equals).isPresent()) {
      return;
    }
    BackupManifest m = record.manifest();
    if (m.globals() == null) {
      throw new LifeboatException("Backup " + m.id() + " has no roles saved with it; nothing "
          + "was restored. Restore without with-roles after creating its owners by hand.");
    }
    Target target = context.target();
    PgInstallation psql = tools.installations().stream().filter(i -> i.hasTool("psql"))
        .sorted(PgInstallation.NEWEST_FIRST).findFirst()
        .orElseThrow(() -> new ToolVersionException("psql is not installed, so the roles "
            + "cannot be created. Install the PostgreSQL client tools (apt-get install "
            + "postgresql-client)."));
    // The target is frozen read-only by now; CREATE ROLE needs a writable transaction. The
    // target's own options still apply.
    Map<String, String> env = new HashMap<>(target.connection()
        .withServerOption("-c default_transaction_read_only=off").libpqEnvironment());
    List<String> errors = new ArrayList<>();
    List<String> command = List.of(psql.tool("psql").toString(), "--no-psqlrc", "--quiet",
        "--no-password", "--set=ON_ERROR_STOP=0", "--file=-");
    int exit;
    try (ToolRun run = ToolRun.startWithInput(command, env, line -> {
      if (line.contains("ERROR")) {
        synchronized (errors) {
          errors.add(line);
        }
      }
    }, context.cancellation())) {
      try (OutputStream in = run.stdin(); InputStream sql = artifacts.decrypted(m,
          m.globals().file(), artifacts.store(record).openFile(m, m.globals().file()))) {
        sql.transferTo(in);
      } catch (IOException e) {
        run.stop();
        throw new LifeboatException("The roles saved with " + m.id() + " could not be read: "
            + e.getMessage() + ". Nothing was restored.", e);
      }
      exit = run.waitFor();
      context.cancellation().throwIfCancelled();
    }
    List<String> existing;
    List<String> other;
    synchronized (errors) {
      existing = errors.stream().filter(e -> e.contains("already exists")).toList();
      other = errors.stream().filter(e -> !e.contains("already exists")).toList();
    }
    if (exit != 0 && !other.isEmpty() && other.size() == errors.size()) {
      throw new LifeboatException("Creating the roles of " + m.id() + " failed: "
          + other.get(0) + ". Nothing was restored; Lifeboat's user needs CREATEROLE.");
    }
    context.log("roles of " + m.id() + " (" + String.join(", ", m.globals().roles()) + ") "
        + "created where missing" + (existing.isEmpty() ? "" : "; " + existing.size()
            + " existed already and were left as they are")
        + (other.isEmpty() ? "" : "; " + other.size() + " statements failed, e.g. "
            + other.get(0)) + ". Set passwords for new login roles: none were saved.");
  }
}
