package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.postgres.DumpVersion;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgRestore;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.postgres.ToolVersionException;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.backup.Artifacts;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup.contents}: reads the artifact's table of contents ({@code pg_restore --list})
 * and checks that it holds the data of every table the manifest counted. Cheap, and it catches a
 * truncated or foreign file before a long restore.
 */
public final class ListContents implements Step {
  private static final int SHOWN = 3;

  private final Artifacts artifacts;
  private final PgTools tools;

  public ListContents(Artifacts artifacts, PgTools tools) {
    this.artifacts = artifacts;
    this.tools = tools;
  }

  @Override
  public void execute(StepContext context) throws InterruptedException {
    BackupRecord record = Shared.backup(context);
    BackupManifest m = record.manifest();
    Findings findings = Shared.findings(context);
    // Any pg_restore reads archives of its own and older versions: the newest one reads most.
    PgInstallation lister = newestPgRestore(m);
    List<String> toc = new PgRestore(lister).list(artifacts.forPgRestore(record),
        context.cancellation()).stream()
        .filter(line -> !line.isBlank() && !line.startsWith(";")).toList();
    List<String> missing = new ArrayList<>();
    for (TableCount t : m.tables()) {
      // Entries read "<id>; <oids> TABLE DATA <schema> <table> <owner>".
      String entry = "TABLE DATA " + t.schema() + " " + t.table() + " ";
      if (toc.stream().noneMatch(line -> line.contains(entry))) {
        missing.add(t.qualifiedName());
        findings.problem("table " + t.qualifiedName() + " is missing from the artifact");
      }
    }
    context.log("table of contents: " + toc.size() + " entries, data of "
        + (m.tables().size() - missing.size()) + " of " + m.tables().size() + " tables");
    if (!missing.isEmpty()) {
      throw new LifeboatException("Backup " + m.id() + " lacks the data of " + missing.size()
          + " table" + (missing.size() == 1 ? "" : "s") + " its manifest lists ("
          + String.join(", ", missing.subList(0, Math.min(SHOWN, missing.size())))
          + (missing.size() > SHOWN ? " and " + (missing.size() - SHOWN) + " more" : "")
          + "). Nothing was restored; use another backup (/backup list).");
    }
  }

  private PgInstallation newestPgRestore(BackupManifest m) {
    PgInstallation newest = tools.installations().stream()
        .filter(i -> i.hasTool("pg_restore")).sorted(PgInstallation.NEWEST_FIRST).findFirst()
        .orElseThrow(() -> new ToolVersionException("pg_restore is not installed, so backups "
            + "cannot be checked. Install the PostgreSQL client tools (Debian/Ubuntu: apt-get "
            + "install postgresql-client)."));
    int dumpMajor = DumpVersion.major(m.pgDumpVersion());
    if (dumpMajor > newest.major()) {
      throw new ToolVersionException("Backup " + m.id() + " was made by pg_dump "
          + m.pgDumpVersion() + "; the newest pg_restore here is " + newest.version()
          + ", which cannot read it. Install postgresql-client-" + dumpMajor
          + " (the Lifeboat image ships the newest) and verify again.");
    }
    return newest;
  }
}
