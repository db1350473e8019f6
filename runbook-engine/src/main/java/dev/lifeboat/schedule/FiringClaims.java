package dev.lifeboat.schedule;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The firings of schedules in the state database, one row per slot. Every decision that must
 * happen once across instances is a single statement that only one of them can win: inserting
 * a slot's row, and moving it from DUE to TAKEN.
 */
public final class FiringClaims {
  /** What became of a slot. */
  public enum State {
    /** The first slot an instance saw for this schedule; recorded so it is not fired late. */
    BASELINE,
    /** Waiting to be taken (again, after the target was busy). */
    DUE,
    /** One instance is starting it. */
    TAKEN,
    STARTED,
    SKIPPED
  }

  /** The newest slot recorded for a schedule. */
  public record Slot(Instant at, State state, Optional<Long> runId, Optional<String> detail,
      Instant updatedAt) {}

  private final StateDatabase database;

  public FiringClaims(StateDatabase database) {
    this.database = database;
  }

  public Optional<Slot> newest(Schedule schedule) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT slot_at, state, run_id, detail, updated_at FROM "
            + "schedule_firings WHERE target = ? AND kind = ? ORDER BY slot_at DESC LIMIT 1")) {
      s.setString(1, schedule.target());
      s.setString(2, schedule.kind().name());
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        long run = r.getLong(3);
        Optional<Long> runId = r.wasNull() ? Optional.empty() : Optional.of(run);
        return Optional.of(new Slot(Instant.ofEpochMilli(r.getLong(1)),
            State.valueOf(r.getString(2)), runId, Optional.ofNullable(r.getString(4)),
            Instant.ofEpochMilli(r.getLong(5))));
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Records a slot; false when another instance (or an earlier tick) already did. */
  public boolean record(Schedule schedule, Instant slot, State state, String instance,
      Instant now) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO schedule_firings (target, kind, "
            + "slot_at, state, instance, updated_at) VALUES (?,?,?,?,?,?)")) {
      s.setString(1, schedule.target());
      s.setString(2, schedule.kind().name());
      s.setLong(3, slot.toEpochMilli());
      s.setString(4, state.name());
      s.setString(5, instance);
      s.setLong(6, now.toEpochMilli());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) { // unique violation, on H2 and PostgreSQL alike
        return false;
      }
      throw failure(e);
    }
  }

  /** Moves a slot from {@code from} to {@code to}; true only for the one caller that did it. */
  public boolean move(Schedule schedule, Instant slot, State from, State to, String instance,
      Optional<Long> runId, Optional<String> detail, Instant now) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE schedule_firings SET state = ?, "
            + "instance = ?, run_id = ?, detail = ?, updated_at = ? WHERE target = ? AND kind = ? "
            + "AND slot_at = ? AND state = ?")) {
      s.setString(1, to.name());
      s.setString(2, instance);
      s.setObject(3, runId.orElse(null));
      s.setString(4, detail.map(d -> d.length() > 1000 ? d.substring(0, 1000) : d).orElse(null));
      s.setLong(5, now.toEpochMilli());
      s.setString(6, schedule.target());
      s.setString(7, schedule.kind().name());
      s.setLong(8, slot.toEpochMilli());
      s.setString(9, from.name());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static LifeboatException failure(SQLException e) {
    return new LifeboatException("The schedule records in the state database failed: "
        + e.getMessage(), e);
  }
}
