package dev.lifeboat.alert;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.monitor.Finding;
import dev.lifeboat.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alerts in the state database. Raising, escalating, acknowledging and resolving are each one
 * conditional statement, so with several instances each happens, and is announced, once.
 */
public final class AlertRepository {
  private static final String COLUMNS = "id, target, monitor, summary, policy, raised_at, "
      + "level_notified, acked_by, acked_at, resolved_at";

  private final StateDatabase database;

  public AlertRepository(StateDatabase database) {
    this.database = database;
  }

  /** Raises an alert for the finding; empty when one is open for it already. */
  public Optional<Alert> raise(Finding finding, String policy, Instant now) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO alerts (target, monitor, open_key, "
            + "summary, policy, raised_at, level_notified) VALUES (?,?,?,?,?,?,0)",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, finding.target());
      s.setString(2, finding.monitor());
      s.setString(3, key(finding.target(), finding.monitor()));
      s.setString(4, cut(finding.summary(), 2000));
      s.setString(5, policy);
      s.setLong(6, now.toEpochMilli());
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return find(keys.getLong(1));
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw failure(e);
    }
  }

  public List<Alert> open() {
    return query("SELECT " + COLUMNS + " FROM alerts WHERE resolved_at IS NULL ORDER BY id");
  }

  public Optional<Alert> find(long id) {
    return query("SELECT " + COLUMNS + " FROM alerts WHERE id = " + id).stream().findFirst();
  }

  /** Records that {@code level} was told; true for the one caller that moved it there. */
  public boolean escalate(long id, int from, int to) {
    return update("UPDATE alerts SET level_notified = ? WHERE id = ? AND level_notified = ? "
        + "AND resolved_at IS NULL AND acked_by IS NULL", to, id, from);
  }

  public boolean acknowledge(long id, String by, Instant now) {
    return update("UPDATE alerts SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_by IS NULL "
        + "AND resolved_at IS NULL", by, now.toEpochMilli(), id);
  }

  /** Closes it; the open key is freed, so the same trouble later is a new alert. */
  public boolean resolve(long id, Instant now) {
    return update("UPDATE alerts SET resolved_at = ?, open_key = NULL WHERE id = ? "
        + "AND resolved_at IS NULL", now.toEpochMilli(), id);
  }

  private boolean update(String sql, Object... values) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Alert> query(String sql) {
    List<Alert> result = new ArrayList<>();
    try (Connection c = database.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        long acked = r.getLong(9);
        Optional<Instant> ackedAt = r.wasNull() ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(acked));
        long resolved = r.getLong(10);
        Optional<Instant> resolvedAt = r.wasNull() ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(resolved));
        result.add(new Alert(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), Instant.ofEpochMilli(r.getLong(6)), r.getInt(7),
            Optional.ofNullable(r.getString(8)), ackedAt, resolvedAt));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return result;
  }

  private static String key(String target, String monitor) {
    return cut(target + "|" + monitor, 400);
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static LifeboatException failure(SQLException e) {
    return new LifeboatException("The alerts in the state database failed: " + e.getMessage(), e);
  }
}
