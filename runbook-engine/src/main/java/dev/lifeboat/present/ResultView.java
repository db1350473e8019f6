package dev.lifeboat.present;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run's result says, decided once for every platform and the CLI: {@code lines} for the
 * run's message (short enough for a phone), {@code details} for its thread or a log (the full
 * checksum, every note).
 */
public record ResultView(List<Line> lines, List<Line> details) {
  public ResultView {
    lines = List.copyOf(lines);
    details = List.copyOf(details);
  }

  public static ResultView of(RunResult result) {
    List<Line> lines = new ArrayList<>();
    List<Line> details = new ArrayList<>();
    switch (result) {
      case RunResult.BackupTaken b -> {
        BackupManifest m = b.manifest();
        lines.add(Line.builder().code(m.id()).text(" · " + Sizes.human(m.bytes()) + " · "
            + Words.count(m.tables().size(), "table") + " · " + Words.count(m.totalRows(), "row")
            + " · dump " + Ago.of(m.duration())).build());
        lines.add(Line.builder().text("sha256 ").code(Words.shortChecksum(m.sha256()))
            .text(b.stores().size() == 1 ? " · store " + b.store()
                : " · stores " + String.join(", ", b.stores())).build());
        details.add(Line.builder().text("sha256 ").code(m.sha256()).build());
      }
      case RunResult.Verified v -> {
        var r = v.report();
        Line.Builder head = r.ok() ? Line.builder().text("verified ")
            : Line.builder().bold("NOT verified").text(" ");
        head.code(r.backupId()).text(" · checksum ");
        r.checksumOk().ifPresentOrElse(ok -> {
          if (ok) {
            head.text("ok");
          } else {
            head.bold("MISMATCH");
          }
        }, () -> head.text("not checked"));
        head.text(" · " + Words.count(r.tablesCompared(), "table") + ", "
            + Words.count(r.rowsCompared(), "row") + " match · checks " + r.checksPassed() + "/"
            + r.checksRun()
            + r.migrationsApplied().map(n -> " · " + Words.count(n, "migration")).orElse("")
            + r.restoreTook().map(d -> " · restore " + Ago.of(d)).orElse(""));
        lines.add(head.build());
        r.problems().forEach(p -> lines.add(Line.of(Tone.FAILED).text(p).build()));
        r.notes().forEach(n -> details.add(Line.text(n)));
      }
      case RunResult.Restored x -> {
        var r = x.report();
        lines.add(Line.builder().text("restored ").code(r.backupId()).text(" into "
            + r.database() + " (" + r.mode() + ") in " + Ago.of(r.took())).build());
        r.keptAs().ifPresent(k -> lines.add(Line.builder().text("previous database kept as ")
            .code(k).text(" (read-only) for rollback").build()));
        r.safetyBackup().ifPresent(s -> lines.add(Line.builder()
            .text("safety backup of the previous state: ").code(s).build()));
      }
      case RunResult.Drilled d -> {
        var r = d.report();
        lines.add(Line.builder().text("drill ").bold(r.passed() ? "PASSED" : "FAILED")
            .text(" · RTO " + r.rtoMeasured().map(Ago::of).orElse("not measured")
                + " (objective " + Ago.of(r.rtoObjective()) + ") · RPO "
                + Ago.of(r.rpoMeasured()) + " (objective " + Ago.of(r.rpoObjective()) + ")")
            .build());
        r.loss().ifPresent(loss -> lines.add(LossLines.lost(loss)));
        lines.add(Line.builder().text("report ").code(r.location()).build());
      }
    }
    return new ResultView(lines, details);
  }

  /** The result in one plain line, details included, for logs and the state database. */
  public static String plain(RunResult result) {
    ResultView view = of(result);
    return String.join(" · ", java.util.stream.Stream.concat(view.lines().stream(),
        view.details().stream()).map(Line::plain).toList());
  }
}
