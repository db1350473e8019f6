package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.postgres.NewestValues;
import dev.lifeboat.postgres.RowCounts;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the live side of a {@link LossPreview} from the target, read-only, in seconds even on a
 * large database: the target's critical tables and every table under {@link #EXACT_BELOW} are
 * counted exactly, critical ones first then the smallest, until the time limit; the rest show
 * the planner's estimate ({@code reltuples}). The newest time values come from indexes only.
 */
public final class LossPreviewer {
  /** Tables smaller than this are counted; a count of 64 MB reads in well under a second. */
  public static final long EXACT_BELOW = 64L << 20;
  public static final Duration LIMIT = Duration.ofSeconds(10);
  /** Tables per counting statement: a statement that hits the limit costs only these. */
  private static final int BATCH = 20;

  private final Clock clock;
  private final Duration limit;
  private final long exactBelow;

  public LossPreviewer(Clock clock) {
    this(clock, LIMIT, EXACT_BELOW);
  }

  /** @param exactBelow tables under this many bytes are counted, larger ones estimated */
  public LossPreviewer(Clock clock, Duration limit, long exactBelow) {
    this.clock = clock;
    this.limit = limit;
    this.exactBelow = exactBelow;
  }

  /** The preview of restoring {@code backup} over {@code target}; never throws for the target. */
  public LossPreview preview(Target target, BackupManifest backup) {
    Instant started = now();
    try (Connection c = TargetDatabase.connect(target.name(), target.connection())) {
      c.setReadOnly(true);
      return read(c, target, backup, started);
    } catch (SQLException | LifeboatException e) {
      String why = e instanceof SQLException s ? DatabaseAdmin.firstLine(s) : e.getMessage();
      return LossPreview.unavailable(backup.id(), backup.finishedAt(), started, limit,
          "the live database could not be read (" + why + ")");
    }
  }

  private record LiveTable(String name, RowCounts.Table table, long bytes, long estimate) {}

  private LossPreview read(Connection c, Target target, BackupManifest backup, Instant started)
      throws SQLException {
    Instant deadline = started.plus(limit);
    Map<String, LiveTable> live = liveTables(c);
    List<LiveTable> exact = live.values().stream()
        .filter(t -> critical(target, t.name()) || t.bytes() < exactBelow)
        .sorted(Comparator.comparing((LiveTable t) -> !critical(target, t.name()))
            .thenComparingLong(LiveTable::bytes))
        .toList();
    Map<String, Long> counted = new HashMap<>();
    boolean limitHit = false;
    for (int from = 0; from < exact.size() && !limitHit; from += BATCH) {
      List<LiveTable> batch = exact.subList(from, Math.min(exact.size(), from + BATCH));
      long left = Duration.between(now(), deadline).toMillis();
      if (left <= 0) {
        limitHit = true;
        break;
      }
      try {
        timeout(c, left);
        List<Long> rows = RowCounts.count(c, batch.stream().map(LiveTable::table).toList(),
            new Cancellation(), done -> { });
        for (int i = 0; i < batch.size(); i++) {
          counted.put(batch.get(i).name(), rows.get(i));
        }
      } catch (SQLException e) {
        if (!"57014".equals(e.getSQLState())) { // query_canceled: the statement timeout
          throw e;
        }
        limitHit = true;
      }
    }
    Map<String, NewestValues.Newest> newest = new HashMap<>();
    long left = Duration.between(now(), deadline).toMillis();
    if (left > 0) {
      try {
        timeout(c, left);
        for (NewestValues.Newest n : NewestValues.read(c, List.copyOf(
            NewestValues.indexedColumns(c, target.timeColumns()).values()),
            new Cancellation())) {
          newest.put(n.column().qualifiedTable(), n);
        }
      } catch (SQLException e) {
        if (!"57014".equals(e.getSQLState())) {
          throw e;
        }
        limitHit = true;
      }
    } else {
      limitHit = true;
    }
    return new LossPreview(backup.id(), backup.finishedAt(), started,
        deltas(backup, live, counted, newest), limit, limitHit, null);
  }

  private static List<LossPreview.TableDelta> deltas(BackupManifest backup,
      Map<String, LiveTable> live, Map<String, Long> counted,
      Map<String, NewestValues.Newest> newest) {
    Map<String, TableCount> dumped = new LinkedHashMap<>();
    backup.tables().forEach(t -> dumped.put(t.qualifiedName(), t));
    TreeSet<String> names = new TreeSet<>(dumped.keySet());
    names.addAll(live.keySet());
    List<LossPreview.TableDelta> deltas = new ArrayList<>();
    for (String name : names) {
      TableCount before = dumped.get(name);
      LiveTable now = live.get(name);
      Long liveRows = now == null ? null : counted.getOrDefault(name, now.estimate());
      boolean estimated = now != null && !counted.containsKey(name);
      NewestValues.Newest n = newest.get(name);
      String column = n != null ? n.column().column()
          : before != null ? before.newestColumn() : null;
      deltas.add(new LossPreview.TableDelta(name, before == null ? null : before.rows(),
          liveRows, estimated, column, n == null ? null : n.value().orElse(null),
          before == null || before.newestColumn() == null
              || !before.newestColumn().equals(column) ? null : before.newest()));
    }
    return deltas;
  }

  /** Every table pg_dump would dump, with its size and the planner's row estimate. */
  private static Map<String, LiveTable> liveTables(Connection c) throws SQLException {
    Map<String, LiveTable> tables = new LinkedHashMap<>();
    // The same tables as DatabaseAdmin.dumpedTables, so both sides name the same set.
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n.nspname, c.relname, pg_relation_size(c.oid), "
            + "c.reltuples::bigint FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            + "AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1, 2")) {
      while (r.next()) {
        String name = r.getString(1) + "." + r.getString(2);
        // reltuples is -1 for a table never vacuumed or analyzed: no estimate, so zero.
        tables.put(name, new LiveTable(name, new RowCounts.Table(r.getString(1),
            r.getString(2)), r.getLong(3), Math.max(0, r.getLong(4))));
      }
    }
    return tables;
  }

  private static boolean critical(Target target, String name) {
    return target.criticalTables().stream().anyMatch(t -> t.equals(name)
        || ("public." + t).equals(name));
  }

  private static void timeout(Connection c, long millis) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = " + Math.max(0, millis));
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
