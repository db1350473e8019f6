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
  /** SQLSTATE of a unique or primary key violation, in H2 and PostgreSQL alike. */
  private static final String UNIQUE_VIOLATION = "23505";
  private final StateDatabase database;
  private final ObjectMapper json = new ObjectMapper();

  public JdbcRunRepository(StateDatabase database) {
    this.database = database;
  }

  @Override
  public RunInfo create(String runbook, String target, String planHash, Map<String, String> params,
      String requestedBy, Origin origin, Instant at, Instance owner, Instant leaseUntil) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try {
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (runbook, target, "
            + "plan_hash, params, requested_by, origin, state, created_at, owner) "
            + "VALUES (?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
          s.setString(1, runbook);
          s.setString(2, target);
          s.setString(3, planHash);
          s.setString(4, json.writeValueAsString(params));
          s.setString(5, requestedBy);
          s.setString(6, origin.encoded());
          s.setString(7, RunState.QUEUED.name());
          s.setLong(8, at.toEpochMilli());
          s.setString(9, owner.shown());
          s.executeUpdate();
          try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO run_leases (target, run_id, "
            + "instance, host, pid, process_start, renewed_at, expires_at) "
            + "VALUES (?,?,?,?,?,?,?,?)")) {
          s.setString(1, target);
          s.setLong(2, id);
          setOwner(s, 3, owner);
          s.setLong(7, at.toEpochMilli());
          s.setLong(8, leaseUntil.toEpochMilli());
          s.executeUpdate();
        } catch (SQLException e) {
          if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            c.rollback();
            throw new TargetLeasedException(target);
          }
          throw e;
        }
        c.commit();
        return new RunInfo(id, runbook, target, requestedBy, origin, params, at);
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
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
  public boolean finished(long runId, Instance owner, RunState state, Instant at, String summary,
      String error) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement d = c.prepareStatement("DELETE FROM run_leases WHERE run_id = ? "
              + "AND instance = ?");
          PreparedStatement other = c.prepareStatement("SELECT 1 FROM run_leases WHERE "
              + "run_id = ?");
          PreparedStatement s = c.prepareStatement("UPDATE runs SET state = ?, finished_at = ?, "
              + "summary = ?, error = ? WHERE id = ?")) {
        d.setLong(1, runId);
        d.setString(2, owner.id());
        if (d.executeUpdate() == 0) {
          other.setLong(1, runId);
          try (ResultSet r = other.executeQuery()) {
            if (r.next()) {
              c.rollback();
              return false;
            }
          }
        }
        s.setString(1, state.name());
        s.setLong(2, at.toEpochMilli());
        s.setString(3, summary);
        s.setString(4, error);
        s.setLong(5, runId);
        s.executeUpdate();
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public List<RunLease> renew(Instance owner, Instant now, Instant until) {
    update("UPDATE run_leases SET renewed_at = ?, expires_at = ? WHERE instance = ?",
        now.toEpochMilli(), until.toEpochMilli(), owner.id());
    return leases("instance = ?", owner.id());
  }

  @Override
  public boolean requestCancel(long runId, String by) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE run_leases SET cancel_requested_by = ? "
            + "WHERE run_id = ?")) {
      s.setString(1, by);
      s.setLong(2, runId);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public List<RunLease> leases() {
    return leases("1 = ?", 1);
  }

  @Override
  public Optional<RunLease> lease(String target) {
    return leases("target = ?", target).stream().findFirst();
  }

  @Override
  public Optional<RunLease> leaseOf(long runId) {
    return leases("run_id = ?", runId).stream().findFirst();
  }

  @Override
  public boolean takeOver(RunLease seen, Instance owner, Instant now, Instant until) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE run_leases SET instance = ?, host = ?, "
            + "pid = ?, process_start = ?, renewed_at = ?, expires_at = ? "
            + "WHERE run_id = ? AND instance = ? AND renewed_at = ?")) {
      setOwner(s, 1, owner);
      s.setLong(5, now.toEpochMilli());
      s.setLong(6, until.toEpochMilli());
      s.setLong(7, seen.runId());
      s.setString(8, seen.owner().id());
      s.setLong(9, seen.renewedAt().toEpochMilli());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public boolean claim(RunRecord orphan, Instance owner, Instant now, Instant until) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO run_leases (target, run_id, "
            + "instance, host, pid, process_start, renewed_at, expires_at) "
            + "VALUES (?,?,?,?,?,?,?,?)")) {
      s.setString(1, orphan.info().target());
      s.setLong(2, orphan.info().id());
      setOwner(s, 3, owner);
      s.setLong(7, now.toEpochMilli());
      s.setLong(8, until.toEpochMilli());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw failure(e);
    }
  }

  @Override
  public void release(long runId, Instance owner) {
    update("DELETE FROM run_leases WHERE run_id = ? AND instance = ?", runId, owner.id());
  }

  private List<RunLease> leases(String where, Object value) {
    List<RunLease> result = new ArrayList<>();
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT target, run_id, instance, host, pid, "
            + "process_start, renewed_at, expires_at, cancel_requested_by FROM run_leases WHERE "
            + where)) {
      s.setObject(1, value);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Instance owner = new Instance(r.getString(3), r.getString(4), r.getLong(5),
              instant(r, 6));
          result.add(new RunLease(r.getString(1), r.getLong(2), owner,
              Instant.ofEpochMilli(r.getLong(7)), Instant.ofEpochMilli(r.getLong(8)),
              Optional.ofNullable(r.getString(9))));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return result;
  }

  private static void setOwner(PreparedStatement s, int first, Instance owner)
      throws SQLException {
    s.setString(first, owner.id());
    s.setString(first + 1, owner.host());
    s.setLong(first + 2, owner.pid());
    if (owner.processStart().isPresent()) {
      s.setLong(first + 3, owner.processStart().get().toEpochMilli());
    } else {
      s.setNull(first + 3, java.sql.Types.BIGINT);
    }
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
