package dev.lifeboat.present;

import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.restore.LossPreview.TableDelta;
import dev.lifeboat.run.Ago;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A loss preview in words: two lines for a card read on a phone (the data-loss window, then
 * the rows the restore changes, the three tables changing most first), and the full table for a
 * thread or a details section. The same words on the approval card, in /restore replies and in
 * the drill report ({@link #lost}).
 */
public final class LossLines {
  /** Tables named on the summary line; the rest are in the full table. */
  static final int TOP = 3;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm",
      Locale.ROOT).withZone(ZoneOffset.UTC);

  private LossLines() {}

  /**
   * "Data-loss window: backup taken 09:00 UTC, 2 h 42 min ago · newest order 11:42 live, 09:00
   * in the backup", then "Rows: −2,394 · orders −1,204 · payments −1,190 · sessions +35,000".
   */
  public static List<Line> summary(LossPreview p) {
    List<Line> lines = new ArrayList<>();
    Line.Builder window = Line.builder().bold("Data-loss window:").text(" backup taken "
        + time(p.backupTakenAt(), p.at()) + " UTC, " + Ago.of(p.window()) + " ago");
    newest(p).ifPresent(t -> window.text(" · newest " + singular(t) + " "
        + (t.newestLive() == null ? "none" : time(t.newestLive(), p.at())) + " live, "
        + (t.newestBackup() == null ? "none" : time(t.newestBackup(), p.at()))
        + " in the backup"));
    lines.add(window.build());
    Optional<String> why = p.whyUnavailable();
    if (why.isPresent()) {
      lines.add(Line.of(Tone.WARNING).text("No row delta: " + why.get() + ".").build());
      return lines;
    }
    lines.add(Line.builder().bold("Rows:").text(" " + rows(p)).build());
    return lines;
  }

  /**
   * The drill's figure, in one line: "Data that would have been lost: 2 h 45 min of writes,
   * −60 rows in total · orders −30 · ...", had the backup been restored when the drill ran.
   */
  public static Line lost(LossPreview p) {
    Line.Builder line = Line.builder().bold("Data that would have been lost:").text(" "
        + Ago.of(p.window()) + " of writes, ");
    return p.whyUnavailable().map(why -> line.text("rows unknown: " + why).build())
        .orElseGet(() -> line.text(rows(p)).build());
  }

  /** "−60 in total · orders −30 · order_items −20 · customers −10", with the limit if hit. */
  private static String rows(LossPreview p) {
    List<TableDelta> changing = p.changing();
    StringBuilder rows = new StringBuilder();
    if (changing.isEmpty()) {
      rows.append("no table changed since the backup");
    } else {
      rows.append(signed(p.totalDelta(), p.anyEstimated())).append(" in total");
      changing.stream().limit(TOP).forEach(t -> rows.append(" · ").append(shortName(t.table()))
          .append(' ').append(change(t)));
      if (changing.size() > TOP) {
        rows.append(" · ").append(Words.count(changing.size() - TOP, "more table"));
      }
    }
    if (p.limitHit()) {
      rows.append(" (counting stopped at the ").append(Ago.of(p.limit()))
          .append(" limit; ≈ is an estimate)");
    }
    return rows.toString();
  }

  /** Every table: backup rows → live rows (change), and the newest values where known. */
  public static List<Line> table(LossPreview p) {
    List<Line> lines = new ArrayList<>();
    if (p.whyUnavailable().isPresent() || p.tables().isEmpty()) {
      return lines;
    }
    lines.add(Line.builder().bold("What the restore of " + p.backup() + " changes, per table "
        + "(backup → live):").build());
    for (TableDelta t : p.tables()) {
      Line.Builder line = Line.builder().code(shortName(t.table())).text(" ");
      if (t.onlyLive()) {
        line.text("only live, " + count(t.liveRows(), t.estimated())
            + ": the restore drops it");
      } else if (t.onlyInBackup()) {
        line.text("only in the backup, " + Words.count(t.backupRows(), "row")
            + ": the restore brings it back");
      } else {
        line.text(Words.number(t.backupRows()) + " → " + (t.estimated() ? "≈" : "")
            + Words.number(t.liveRows()) + (t.delta() == 0 ? ", unchanged"
                : " (" + change(t) + ")"));
      }
      if (t.timeColumn() != null && (t.newestLive() != null || t.newestBackup() != null)) {
        line.text(" · newest " + t.timeColumn() + " "
            + (t.newestLive() == null ? "none" : time(t.newestLive(), p.at())) + " live, "
            + (t.newestBackup() == null ? "none" : time(t.newestBackup(), p.at()))
            + " in the backup");
      }
      lines.add(line.build());
    }
    if (p.limitHit()) {
      lines.add(Line.of(Tone.WARNING).text("Counting stopped at the " + Ago.of(p.limit())
          + " limit: ≈ marks the planner's estimates.").build());
    }
    return lines;
  }

  /** "−1,204", "+35,000", "≈−12,000", "0". */
  static String signed(long n, boolean estimated) {
    String digits = Words.number(Math.abs(n));
    return (estimated ? "≈" : "") + (n < 0 ? "−" + digits : n > 0 ? "+" + digits : digits);
  }

  private static String change(TableDelta t) {
    String delta = signed(t.delta(), t.estimated());
    return t.onlyLive() ? delta + " (dropped)" : t.onlyInBackup() ? delta + " (brought back)"
        : delta;
  }

  private static String count(long rows, boolean estimated) {
    return (estimated ? "≈" : "") + Words.count(rows, "row");
  }

  /** The most changing table whose newest values differ: the one that says most. */
  private static Optional<TableDelta> newest(LossPreview p) {
    return p.changing().stream().filter(t -> t.timeColumn() != null && t.newestLive() != null
        && !t.newestLive().equals(t.newestBackup())).findFirst();
  }

  /** "orders" → "order": "newest order 11:42". */
  private static String singular(TableDelta t) {
    String name = shortName(t.table());
    if (name.endsWith("ies")) {
      return name.substring(0, name.length() - 3) + "y";
    }
    if (name.endsWith("sses") || name.endsWith("xes")) {
      return name.substring(0, name.length() - 2);
    }
    return name.endsWith("s") && !name.endsWith("ss") ? name.substring(0, name.length() - 1)
        : name;
  }

  /** public tables without their schema: shorter on a phone. */
  static String shortName(String table) {
    return table.startsWith("public.") ? table.substring("public.".length()) : table;
  }

  /** "11:42" on the day of {@code now}, else "3 Dec 11:42". */
  private static String time(Instant at, Instant now) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).equals(LocalDate.ofInstant(now,
        ZoneOffset.UTC)) ? TIME.format(at) : DAY_TIME.format(at);
  }
}
