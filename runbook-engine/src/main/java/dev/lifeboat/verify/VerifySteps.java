package dev.lifeboat.verify;

import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.backup.Artifacts;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The steps of the verify runbook (also used by drills and restores), by their {@code uses:}. */
public final class VerifySteps {
  private VerifySteps() {}

  public static Map<String, Step> create(BackupCatalog catalog, Artifacts artifacts, PgTools tools,
      ScratchServers scratchServers, Clock clock) {
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("backup.select", checked(new BackupSelect(catalog, clock)));
    steps.put("backup.verify-checksum", checked(new VerifyChecksum(artifacts)));
    steps.put("backup.contents", checked(new ListContents(artifacts, tools)));
    steps.put("verify.restore-scratch", checked(new RestoreScratch(artifacts, tools,
        scratchServers)));
    steps.put("verify.row-counts", checked(new CompareRowCounts()));
    steps.put("sql.assert", checked(new SqlAssert()));
    steps.put("prisma.migrate-status", checked(new PrismaMigrations()));
    // Cleanup and reporting: a failed drop is not a flaw of the backup, and the report is
    // what turns failures into problems in the first place.
    steps.put("postgres.drop-temporary", new DropTemporary());
    steps.put("verify.report", new VerifyReportStep(catalog, clock));
    return Collections.unmodifiableMap(steps);
  }

  private static Step checked(Step step) {
    return new FailuresAsProblems(step);
  }
}
