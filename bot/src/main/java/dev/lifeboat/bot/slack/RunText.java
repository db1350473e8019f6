package dev.lifeboat.bot.slack;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The numbers a run's final summary shows, per kind of result, in Slack's markup. */
final class RunText {
  private RunText() {}

  static List<String> results(RunResult result) {
    List<String> lines = new ArrayList<>();
    if (result instanceof RunResult.BackupTaken b) {
      BackupManifest m = b.manifest();
      lines.add("`" + m.id() + "` · " + Sizes.human(m.bytes()) + " · " + m.tables().size()
          + " tables · " + count(m.totalRows()) + " rows · dump " + Ago.of(m.duration()));
      lines.add("sha256 `" + m.sha256() + "` · store " + Mrkdwn.escape(b.store()));
    } else if (result instanceof RunResult.Verified v) {
      VerifyReport r = v.report();
      lines.add((r.ok() ? "verified `" : "*NOT verified* `") + r.backupId() + "` · checksum "
          + r.checksumOk().map(ok -> ok ? "ok" : "*MISMATCH*").orElse("not checked") + " · "
          + r.tablesCompared() + " tables, " + count(r.rowsCompared()) + " rows match · checks "
          + r.checksPassed() + "/" + r.checksRun()
          + r.restoreTook().map(d -> " · restore " + Ago.of(d)).orElse(""));
      r.problems().forEach(p -> lines.add(":x: " + Mrkdwn.escape(p)));
    } else if (result instanceof RunResult.Restored x) {
      var r = x.report();
      lines.add("restored `" + r.backupId() + "` into " + Mrkdwn.escape(r.database()) + " ("
          + r.mode() + ") in " + Ago.of(r.took()));
      r.keptAs().ifPresent(k -> lines.add("previous database kept as `" + k + "` (read-only) "
          + "for rollback"));
      r.safetyBackup().ifPresent(s -> lines.add("safety backup of the previous state: `" + s
          + "`"));
    } else if (result instanceof RunResult.Drilled d) {
      var r = d.report();
      lines.add("drill " + (r.passed() ? "*PASSED*" : "*FAILED*") + " · RTO "
          + r.rtoMeasured().map(Ago::of).orElse("not measured") + " (objective "
          + Ago.of(r.rtoObjective()) + ") · RPO " + Ago.of(r.rpoMeasured()) + " (objective "
          + Ago.of(r.rpoObjective()) + ")");
      lines.add("report `" + r.location() + "`");
    } else {
      lines.add(Mrkdwn.escape(result.summary()));
    }
    return lines;
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
