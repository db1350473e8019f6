package dev.lifeboat.verify;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.postgres.RowCounts;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify.row-counts}: counts every table of the manifest in the restored copy. The
 * manifest's counts were taken in the dump's own snapshot, so any difference is a real one.
 * Not ONLY: the dump counted the same way, inheritance children included.
 */
public final class CompareRowCounts implements Step {
  private static final int SHOWN = 3;

  @Override
  public void execute(StepContext context) throws SQLException {
    BackupManifest m = Shared.backup(context).manifest();
    RestoredDatabase restored = Shared.restored(context);
    Findings findings = Shared.findings(context);
    List<String> problems = new ArrayList<>();
    long rows = 0;
    int total = m.tables().size();
    List<TableCount> present = new ArrayList<>();
    try (Connection c = RestoredSql.connectReadOnly(context, restored)) {
      // Which tables exist, in one round trip; then their counts in a few (RowCounts).
      List<Boolean> exists = exist(c, m.tables());
      for (int i = 0; i < total; i++) {
        if (exists.get(i)) {
          present.add(m.tables().get(i));
        } else {
          problems.add("table " + m.tables().get(i).qualifiedName() + " is missing after restore");
        }
      }
      List<Long> counted;
      try {
        counted = RowCounts.count(c, present.stream()
            .map(t -> new RowCounts.Table(t.schema(), t.table())).toList(),
            context.cancellation(), done -> context.progress(done, present.size(),
                present.get(done - 1).qualifiedName()));
      } catch (SQLException e) {
        context.cancellation().throwIfCancelled();
        throw new LifeboatException("Counting rows in the restored copy failed: "
            + DatabaseAdmin.firstLine(e), e);
      }
      for (int i = 0; i < present.size(); i++) {
        TableCount expected = present.get(i);
        rows += counted.get(i);
        if (counted.get(i) != expected.rows()) {
          problems.add(expected.qualifiedName() + ": " + counted.get(i) + " rows, the manifest "
              + "says " + expected.rows());
        }
      }
    }
    int compared = present.size();
    findings.tablesCompared(compared, rows);
    problems.forEach(findings::problem);
    if (!problems.isEmpty()) {
      throw new LifeboatException("The restored copy of " + m.id() + " does not match its "
          + "manifest: " + String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())))
          + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN) + " more" : "")
          + ". Do not rely on this backup; use another one (/backup list) or take a new one "
          + "(/backup now).");
    }
    context.log(compared + " tables, " + rows + " rows: all as the manifest says");
  }

  /** Whether each table exists; names go in as one array value, never spliced into SQL. */
  private static List<Boolean> exist(Connection c, List<TableCount> tables) throws SQLException {
    String[] names = tables.stream().map(t -> DatabaseAdmin.quote(t.schema(), t.table()))
        .toArray(String[]::new);
    List<Boolean> exists = new ArrayList<>(names.length);
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(n) IS NOT NULL FROM "
        + "unnest(?::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i")) {
      s.setArray(1, c.createArrayOf("text", names));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          exists.add(r.getBoolean(1));
        }
      }
    }
    return exists;
  }
}
