package dev.lifeboat.drill;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.LossLines;
import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.restore.LossPreviewer;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.store.Stores;
import dev.lifeboat.target.Target;
import dev.lifeboat.verify.Findings;
import dev.lifeboat.verify.Keys;
import dev.lifeboat.verify.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code drill.report} (runs always): measures RPO and RTO against the target's objectives,
 * writes the drill report as markdown next to the backups, and fails the run when an objective
 * was missed, so a missed objective is never a quiet success.
 */
public final class DrillReportStep implements Step {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SHOWN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Stores stores;
  private final LossPreviewer losses;
  private final Clock clock;

  public DrillReportStep(Stores stores, LossPreviewer losses, Clock clock) {
    this.stores = stores;
    this.losses = losses;
    this.clock = clock;
  }

  @Override
  public void execute(StepContext context) {
    Optional<BackupRecord> backup = context.get(Keys.BACKUP);
    if (backup.isEmpty()) {
      context.log("no backup was selected; nothing to report");
      return;
    }
    Target target = context.target();
    Instant now = Instant.ofEpochMilli(clock.millis());
    BackupManifest m = backup.get().manifest();
    VerifyReport verification = context.get(Keys.FINDINGS).orElseGet(Findings::new)
        .report(m.id());
    Duration rpo = Duration.between(m.finishedAt(), context.run().createdAt());
    String name = "drill-" + FILE_TIME.format(now) + ".md";
    String location = stores.get(target.primaryStore()).describe() + " " + target.name()
        + "/reports/" + name;
    // The RPO in rows: what a restore of this backup would have lost, read like a restore
    // request's preview (within its time limit, never failing the drill).
    Optional<LossPreview> loss = Optional.of(losses.preview(target, m));
    DrillReport report = new DrillReport(target.name(), now, verification, rpo, target.rpo(),
        verification.restoreTook(), target.rto(), location, loss);
    String path = stores.get(target.primaryStore()).writeReport(target.name(), name,
        markdown(report, m, context));
    report = new DrillReport(report.target(), now, verification, rpo, target.rpo(),
        verification.restoreTook(), target.rto(), path, loss);
    context.result(new RunResult.Drilled(report));
    List<String> missed = new ArrayList<>();
    if (!report.rpoMet()) {
      missed.add("RPO " + Ago.of(rpo) + " exceeds the objective " + Ago.of(target.rpo()));
    }
    if (!report.rtoMet()) {
      missed.add(report.rtoMeasured().map(r -> "RTO " + Ago.of(r) + " exceeds the objective "
          + Ago.of(target.rto())).orElse("RTO not measured (the restore did not finish)"));
    }
    if (!missed.isEmpty() && verification.ok()) {
      throw new LifeboatException("Drill missed its objectives: " + String.join("; ", missed)
          + ". Report: " + path);
    }
  }

  static String markdown(DrillReport r, BackupManifest m, StepContext context) {
    VerifyReport v = r.verification();
    StringBuilder md = new StringBuilder();
    md.append("# Restore drill: ").append(r.target()).append(", ")
        .append(SHOWN_TIME.format(r.at())).append("\n\n");
    md.append("Result: **").append(r.passed() ? "PASSED" : "FAILED").append("**  \n");
    md.append("Asked by ").append(context.run().requestedBy()).append(", run ")
        .append(context.run().ref()).append("\n\n");
    md.append("| measure | measured | objective | met |\n| --- | --- | --- | --- |\n");
    md.append("| RPO (age of the newest backup) | ").append(Ago.of(r.rpoMeasured())).append(" | ")
        .append(Ago.of(r.rpoObjective())).append(" | ").append(r.rpoMet() ? "yes" : "NO")
        .append(" |\n");
    md.append("| RTO (restore time) | ").append(r.rtoMeasured().map(Ago::of).orElse("not measured"))
        .append(" | ").append(Ago.of(r.rtoObjective())).append(" | ")
        .append(r.rtoMet() ? "yes" : "NO").append(" |\n\n");
    r.loss().ifPresent(loss -> {
      md.append("## Data that would have been lost\n\n");
      md.append(LossLines.lost(loss).plain().replace("Data that would have been lost: ",
          "Restoring this backup when the drill ran: ")).append("\n\n");
      List<Line> table = LossLines.table(loss);
      table.stream().skip(1).forEach(l -> md.append("- ").append(l.plain()).append("\n"));
      if (!table.isEmpty()) {
        md.append("\n");
      }
    });
    md.append("## Backup\n\n- id: `").append(m.id()).append("`\n- taken: ")
        .append(SHOWN_TIME.format(m.finishedAt())).append("\n- size: ").append(Sizes.human(m.bytes()))
        .append("\n- sha256: `").append(m.sha256()).append("`\n- PostgreSQL ")
        .append(m.serverVersion()).append(", pg_dump ").append(m.pgDumpVersion()).append("\n\n");
    md.append("## Data consistency\n\n");
    md.append("- checksum: ").append(v.checksumOk().map(ok -> ok ? "matches" : "MISMATCH")
        .orElse("not checked")).append("\n");
    md.append("- row counts: ").append(v.tablesCompared()).append(" tables, ")
        .append(String.format(Locale.ROOT, "%,d", v.rowsCompared())).append(" rows compared")
        .append("\n");
    md.append("- checks: ").append(v.checksPassed()).append("/").append(v.checksRun())
        .append(" passed\n");
    v.migrationsApplied().ifPresent(n -> md.append("- Prisma migrations: ").append(n)
        .append(" finished\n"));
    md.append("\n## What needed a person\n\n");
    if (v.problems().isEmpty() && r.rpoMet() && r.rtoMet()) {
      md.append("Nothing: the drill ran unattended.\n");
    } else {
      v.problems().forEach(p -> md.append("- ").append(p).append("\n"));
      if (!r.rpoMet()) {
        md.append("- the newest backup is older than the RPO: check the backup schedule\n");
      }
      if (!r.rtoMet()) {
        md.append("- the restore is slower than the RTO: plan for a faster restore path\n");
      }
    }
    if (!v.notes().isEmpty()) {
      md.append("\n## Notes\n\n");
      v.notes().forEach(n -> md.append("- ").append(n).append("\n"));
    }
    return md.toString();
  }
}
