package dev.lifeboat.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.state.StateDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs in the state database (embedded H2 or PostgreSQL). */
public final class JdbcRunRepository implements RunRepository {
  private static final String COLUMNS = "id, runbook, target, requested_by, origin, params, "
      + "created_at, state, started_at, finished_at, summary, error";
  private final StateDatabase database;
  private final ObjectMapper json = new ObjectMapper();

  public JdbcRunRepository(StateDatabase database) {
    this.database = database;
  }

  @Override
  public RunInfo create(String runbook, String target, String planHash, Map<String, String> params,
      String requestedBy, Origin origin, Instant at) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO runs (runbook, target, plan_hash, "
            + "params, requested_by, origin, state, created_at) VALUES (?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, runbook);
      s.setString(2, target);
      s.setString(3, planHash);
      s.setString(4, json.writeValueAsString(params));
      s.setString(5, requestedBy);
      s.setString(6, origin.encoded());
      s.setString(7, RunState.QUEUED.name());
      s.setLong(8, at.toEpochMilli());
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return new RunInfo(keys.getLong(1), runbook, target, requestedBy, origin, params, at);
      }
    } catch (SQLException | IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void started(long runId, Instant at) {
    update("UPDATE runs SET state = ?, started_at = ? WHERE id = ?", RunState.RUNNING.name(),
        at.toEpochMilli(), runId);
  }

  @Override
  public void finished(long runId, RunState state, Instant at, String summary, String error) {
    update("UPDATE runs SET state = ?, finished_at = ?, summary = ?, error = ? WHERE id = ?",
        state.name(), at.toEpochMilli(), summary, error, runId);
  }

  @Override
  public void event(long runId, Instant at, String type, String body) {
    update("INSERT INTO run_events (run_id, at, type, body) VALUES (?,?,?,?)", runId,
        at.toEpochMilli(), type, body);
  }

  @Override
  public Optional<RunRecord> find(long runId) {
    return query("SELECT " + COLUMNS + " FROM runs WHERE id = ?", runId).stream().findFirst();
  }

  @Override
  public List<RunRecord> recent(int limit) {
    return query("SELECT " + COLUMNS + " FROM runs ORDER BY id DESC LIMIT ?", limit);
  }

  @Override
  public List<RunRecord> unfinished() {
    return query("SELECT " + COLUMNS + " FROM runs WHERE state IN (?, ?) ORDER BY id",
        RunState.QUEUED.name(), RunState.RUNNING.name());
  }

  @Override
  public Optional<String> lastStep(long runId) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT body FROM run_events WHERE run_id = ? "
            + "AND type = 'StepStarted' ORDER BY id DESC LIMIT 1")) {
      s.setLong(1, runId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void update(String sql, Object... values) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<RunRecord> query(String sql, Object... values) {
    List<RunRecord> result = new ArrayList<>();
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Map<String, String> params = json.readValue(r.getString(6), new TypeReference<>() {});
          RunInfo info = new RunInfo(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
              Origin.decode(r.getString(5)), params, Instant.ofEpochMilli(r.getLong(7)));
          result.add(new RunRecord(info, RunState.valueOf(r.getString(8)), instant(r, 9),
              instant(r, 10), Optional.ofNullable(r.getString(11)),
              Optional.ofNullable(r.getString(12))));
        }
      }
    } catch (SQLException | IOException e) {
      throw failure(e);
    }
    return result;
  }

  private static Optional<Instant> instant(ResultSet r, int column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }

  private static LifeboatException failure(Exception e) {
    return new LifeboatException("The run history in the state database failed: "
        + e.getMessage(), e);
  }
}
