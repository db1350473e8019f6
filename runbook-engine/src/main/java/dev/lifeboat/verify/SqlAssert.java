package dev.lifeboat.verify;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sql.assert}: the operator's own proof that a restored copy is usable. Runs the target's
 * {@code checks} and the step's {@code with: {queries: [...]}} (each must return one row holding
 * true) and checks that every critical table exists and is not empty. The SQL comes from the
 * operator's files, never from chat; each query still runs read only and with a time limit.
 */
public final class SqlAssert implements Step {
  private static final String TIMEOUT = "30s";
  private static final int SHOWN_QUERY = 80;
  private static final int SHOWN = 3;

  /** {@code with: {queries: [...]}}: the runbook's own checks, beside the target's. */
  record Queries(List<String> queries) {}

  @Override
  public Object settings(dev.lifeboat.config.ConfigNode with) {
    with.allowOnly(java.util.Set.of("queries"));
    return new Queries(with.strings("queries").stream().filter(q -> !q.isBlank()).toList());
  }

  @Override
  public void execute(StepContext context) throws SQLException {
    RestoredDatabase restored = Shared.restored(context);
    Findings findings = Shared.findings(context);
    Target target = context.target();
    List<String> queries = new ArrayList<>(target.checks());
    queries.addAll(context.settings(Queries.class).queries());
    int total = queries.size() + target.criticalTables().size();
    if (total == 0) {
      context.log("no checks configured (targets." + target.name() + ".checks, critical_tables)");
      return;
    }
    List<String> failures = new ArrayList<>();
    int done = 0;
    try (Connection c = RestoredSql.connectReadOnly(context, restored)) {
      c.setAutoCommit(false);
      for (String query : queries) {
        context.cancellation().throwIfCancelled();
        Optional<String> failure = check(c, query, context);
        record(findings, failures, failure);
        context.progress(++done, total, shown(query));
      }
      for (String table : target.criticalTables()) {
        context.cancellation().throwIfCancelled();
        Optional<String> failure = critical(c, table, context);
        record(findings, failures, failure);
        context.progress(++done, total, table);
      }
    }
    if (!failures.isEmpty()) {
      throw new LifeboatException(failures.size() + " of " + total + " checks failed on the "
          + "restored copy of " + Shared.backup(context).id() + ": "
          + String.join("; ", failures.subList(0, Math.min(SHOWN, failures.size())))
          + (failures.size() > SHOWN ? "; and " + (failures.size() - SHOWN) + " more" : "")
          + ". Either the backup lacks data you rely on or the check is out of date (targets."
          + target.name() + ".checks in lifeboat.yaml, or the runbook's queries).");
    }
    context.log(total + " checks passed");
  }

  private static void record(Findings findings, List<String> failures, Optional<String> failure) {
    findings.check(failure.isEmpty());
    failure.ifPresent(f -> {
      failures.add(f);
      findings.problem(f);
    });
  }

  /** One query: exactly one row, one boolean column, true. */
  private static Optional<String> check(Connection c, String query, StepContext context)
      throws SQLException {
    String label = "check `" + shown(query) + "`";
    try {
      begin(c);
      try (PreparedStatement s = c.prepareStatement(query);
          RestoredSql.Hook hook = RestoredSql.cancelOnCancel(s, context.cancellation());
          ResultSet r = s.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        if (columns != 1) {
          return Optional.of(label + " must return one boolean column; it returned " + columns);
        }
        if (!r.getMetaData().getColumnTypeName(1).equals("bool")) {
          return Optional.of(label + " must return a boolean; it returned a "
              + r.getMetaData().getColumnTypeName(1));
        }
        if (!r.next()) {
          return Optional.of(label + " returned no row");
        }
        boolean value = r.getBoolean(1);
        boolean isNull = r.wasNull();
        if (r.next()) {
          return Optional.of(label + " returned more than one row");
        }
        return isNull ? Optional.of(label + " returned null")
            : value ? Optional.empty() : Optional.of(label + " returned false");
      }
    } catch (SQLException e) {
      context.cancellation().throwIfCancelled();
      return Optional.of(label + " failed: " + DatabaseAdmin.firstLine(e));
    } finally {
      c.rollback();
    }
  }

  /** A critical table, "schema.table" or "table", must exist and hold at least one row. */
  private static Optional<String> critical(Connection c, String table, StepContext context)
      throws SQLException {
    int dot = table.indexOf('.');
    String name = dot < 0 ? DatabaseAdmin.quote(null, table)
        : DatabaseAdmin.quote(table.substring(0, dot), table.substring(dot + 1));
    try {
      begin(c);
      if (!RestoredSql.exists(c, name)) {
        return Optional.of("critical table " + table + " is missing after restore");
      }
      try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + name + ")");
          RestoredSql.Hook hook = RestoredSql.cancelOnCancel(s, context.cancellation());
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1) ? Optional.empty()
            : Optional.of("critical table " + table + " is empty after restore");
      }
    } catch (SQLException e) {
      context.cancellation().throwIfCancelled();
      return Optional.of("critical table " + table + " could not be read: "
          + DatabaseAdmin.firstLine(e));
    } finally {
      c.rollback();
    }
  }

  /** A fresh transaction: read only, and no statement in it may run longer than the limit. */
  private static void begin(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION READ ONLY");
      s.execute("SET LOCAL statement_timeout = '" + TIMEOUT + "'");
    }
  }

  private static String shown(String query) {
    return Names.text(query.replaceAll("\\s+", " "), SHOWN_QUERY);
  }
}
