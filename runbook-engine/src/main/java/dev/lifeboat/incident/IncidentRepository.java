package dev.lifeboat.incident;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.run.Origin;
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
 * Incidents, their timelines and what belongs to them, in the state database. Opening (one per
 * channel), reminding and resolving are each one conditional statement, so with several
 * instances each happens, and is announced, once.
 */
public final class IncidentRepository {
  private static final String COLUMNS = "id, title, target, severity, origin, place, phase, "
      + "commander, scribe, dba, started_by, started_at, last_update_at, reminded_at, "
      + "resolved_at, resolved_by, report";

  /** What can belong to an incident. */
  public enum LinkKind {
    RUN, APPROVAL
  }

  private final StateDatabase database;

  public IncidentRepository(StateDatabase database) {
    this.database = database;
  }

  /** Opens an incident; empty when one is open in that channel already. */
  public Optional<Incident> open(String title, String target, Severity severity, Origin origin,
      String place, String commander, Instant at) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO incidents (title, target, "
            + "severity, origin, place, open_key, phase, commander, started_by, started_at) "
            + "VALUES (?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, title);
      s.setString(2, target);
      s.setString(3, severity.name());
      s.setString(4, origin.encoded());
      s.setString(5, place);
      s.setString(6, Incident.key(origin));
      s.setString(7, Phase.ASSESS.name());
      s.setString(8, commander);
      s.setString(9, commander);
      s.setLong(10, at.toEpochMilli());
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

  public Optional<Incident> find(long id) {
    return query("SELECT " + COLUMNS + " FROM incidents WHERE id = ?", id).stream().findFirst();
  }

  /** The open incident living in the channel of {@code origin}, if any. */
  public Optional<Incident> openAt(Origin origin) {
    return query("SELECT " + COLUMNS + " FROM incidents WHERE open_key = ?",
        Incident.key(origin)).stream().findFirst();
  }

  /** Open incidents, oldest first. */
  public List<Incident> open() {
    return query("SELECT " + COLUMNS + " FROM incidents WHERE resolved_at IS NULL ORDER BY id");
  }

  public void role(long id, Role role, String person) {
    update("UPDATE incidents SET " + role.label() + " = ? WHERE id = ?", person, id);
  }

  public void phase(long id, Phase phase) {
    update("UPDATE incidents SET phase = ? WHERE id = ?", phase.name(), id);
  }

  public void updated(long id, Instant at) {
    update("UPDATE incidents SET last_update_at = ? WHERE id = ?", at.toEpochMilli(), id);
  }

  /**
   * Records a reminder, only if nobody recorded one since {@code seen} was read (another
   * instance's tick), so each reminder is sent once.
   */
  public boolean remind(long id, Optional<Instant> seen, Instant at) {
    if (seen.isPresent()) {
      return update("UPDATE incidents SET reminded_at = ? WHERE id = ? AND reminded_at = ?",
          at.toEpochMilli(), id, seen.get().toEpochMilli()) == 1;
    }
    return update("UPDATE incidents SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
        at.toEpochMilli(), id) == 1;
  }

  /** Closes it, once: false when someone resolved it first. */
  public boolean resolve(long id, String by, Instant at) {
    return update("UPDATE incidents SET resolved_at = ?, resolved_by = ?, open_key = NULL, "
        + "phase = ? WHERE id = ? AND resolved_at IS NULL", at.toEpochMilli(), by,
        Phase.RESOLVED.name(), id) == 1;
  }

  public void report(long id, String location) {
    update("UPDATE incidents SET report = ? WHERE id = ?", location, id);
  }

  public TimelineEntry add(long incident, Instant at, TimelineEntry.Kind kind, String actor,
      String ref, String text) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO incident_entries (incident_id, at, "
            + "kind, actor, ref, text) VALUES (?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
      s.setLong(1, incident);
      s.setLong(2, at.toEpochMilli());
      s.setString(3, kind.name());
      s.setString(4, cut(actor, 100));
      s.setString(5, cut(ref, 40));
      s.setString(6, cut(text, 2000));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return new TimelineEntry(keys.getLong(1), incident, at, kind, actor, ref, text);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The timeline, in the order it happened. */
  public List<TimelineEntry> entries(long incident) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT id, incident_id, at, kind, actor, ref, "
            + "text FROM incident_entries WHERE incident_id = ? ORDER BY at, id")) {
      s.setLong(1, incident);
      List<TimelineEntry> entries = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(new TimelineEntry(r.getLong(1), r.getLong(2),
              Instant.ofEpochMilli(r.getLong(3)), TimelineEntry.Kind.valueOf(r.getString(4)),
              r.getString(5), r.getString(6), r.getString(7)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Makes a run or request part of an incident; false when it belongs to one already. */
  public boolean link(LinkKind kind, long refId, long incident) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO incident_links (kind, ref_id, "
            + "incident_id) VALUES (?,?,?)")) {
      s.setString(1, kind.name());
      s.setLong(2, refId);
      s.setLong(3, incident);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false;
      }
      throw failure(e);
    }
  }

  /** The incident a run or request belongs to. */
  public Optional<Incident> linked(LinkKind kind, long refId) {
    return query("SELECT " + prefixed() + " FROM incidents i JOIN incident_links l ON "
        + "l.incident_id = i.id WHERE l.kind = ? AND l.ref_id = ?", kind.name(), refId)
        .stream().findFirst();
  }

  /** The ids of the runs or requests that belong to an incident, oldest first. */
  public List<Long> links(long incident, LinkKind kind) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT ref_id FROM incident_links WHERE "
            + "incident_id = ? AND kind = ? ORDER BY ref_id")) {
      s.setLong(1, incident);
      s.setString(2, kind.name());
      List<Long> ids = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static String prefixed() {
    return String.join(", ", java.util.Arrays.stream(COLUMNS.split(", ")).map(c -> "i." + c)
        .toList());
  }

  private int update(String sql, Object... values) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<Incident> query(String sql, Object... values) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      List<Incident> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(new Incident(r.getLong(1), r.getString(2), r.getString(3),
              Severity.valueOf(r.getString(4)), Origin.decode(r.getString(5)), r.getString(6),
              Phase.valueOf(r.getString(7)), r.getString(8), Optional.ofNullable(r.getString(9)),
              Optional.ofNullable(r.getString(10)), r.getString(11),
              Instant.ofEpochMilli(r.getLong(12)), time(r, 13), time(r, 14), time(r, 15),
              Optional.ofNullable(r.getString(16)), Optional.ofNullable(r.getString(17))));
        }
      }
      return found;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static void bind(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      switch (values[i]) {
        case Long l -> s.setLong(i + 1, l);
        case String t -> s.setString(i + 1, t);
        default -> throw new IllegalArgumentException("cannot bind " + values[i]);
      }
    }
  }

  private static Optional<Instant> time(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static LifeboatException failure(SQLException e) {
    return new LifeboatException("The state database failed while keeping an incident: "
        + e.getMessage(), e);
  }
}
