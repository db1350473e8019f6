package dev.lifeboat.state;

import dev.lifeboat.LifeboatException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where chat messages about runs and approval requests were posted, per platform, in the state
 * database. A reaction after a restart is resolved here, so the Slack app needs no scope to
 * read channel history.
 */
public final class MessageLocations {
  /** What a message is about. */
  public enum Kind {
    RUN, APPROVAL, INCIDENT
  }

  /** A message: its channel and the platform's id of it. */
  public record Location(String channel, String messageId) {}

  /** What a message at a location is about. */
  public record Subject(Kind kind, long id) {}

  private final StateDatabase database;

  public MessageLocations(StateDatabase database) {
    this.database = database;
  }

  public void remember(String platform, Kind kind, long id, Location at) {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM chat_messages WHERE "
          + "platform = ? AND kind = ? AND ref_id = ?");
          PreparedStatement insert = c.prepareStatement("INSERT INTO chat_messages (platform, "
              + "kind, ref_id, channel, message_id) VALUES (?,?,?,?,?)")) {
        delete.setString(1, platform);
        delete.setString(2, kind.name());
        delete.setLong(3, id);
        delete.executeUpdate();
        insert.setString(1, platform);
        insert.setString(2, kind.name());
        insert.setLong(3, id);
        insert.setString(4, at.channel());
        insert.setString(5, at.messageId());
        insert.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public Optional<Location> find(String platform, Kind kind, long id) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT channel, message_id FROM chat_messages "
            + "WHERE platform = ? AND kind = ? AND ref_id = ?")) {
      s.setString(1, platform);
      s.setString(2, kind.name());
      s.setLong(3, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Location(r.getString(1), r.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public Optional<Subject> at(String platform, Location at) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT kind, ref_id FROM chat_messages "
            + "WHERE platform = ? AND channel = ? AND message_id = ?")) {
      s.setString(1, platform);
      s.setString(2, at.channel());
      s.setString(3, at.messageId());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Subject(Kind.valueOf(r.getString(1)), r.getLong(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static LifeboatException failure(SQLException e) {
    return new LifeboatException("The state database failed while looking up a chat message: "
        + e.getMessage(), e);
  }
}
