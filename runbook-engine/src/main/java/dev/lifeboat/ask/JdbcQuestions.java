package dev.lifeboat.ask;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.state.StateDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The questions of ask steps, in the state database that every Lifeboat process shares. */
final class JdbcQuestions {
  private static final String COLUMNS = "run_id, step, prompt, checklist, answer_from, asked_at, "
      + "expires_at, state, answered_by, answered_at, reason";
  // A line break cannot occur in a checklist item (each is one YAML string, shown as one line).
  private static final String ITEMS = "\n";

  private final StateDatabase database;

  JdbcQuestions(StateDatabase database) {
    this.database = database;
  }

  void ask(Question q) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO run_questions (" + COLUMNS
            + ") VALUES (?,?,?,?,?,?,?,?,NULL,NULL,NULL)")) {
      s.setLong(1, q.runId());
      s.setString(2, q.step());
      s.setString(3, q.prompt());
      s.setString(4, String.join(ITEMS, q.checklist()));
      s.setString(5, String.join(",", q.answerFrom()));
      s.setLong(6, q.askedAt().toEpochMilli());
      s.setLong(7, q.expiresAt().toEpochMilli());
      s.setString(8, Question.State.WAITING.name());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new LifeboatException("Could not record the question of " + q.ref() + " in the "
          + "state database: " + e.getMessage(), e);
    }
  }

  Optional<Question> find(long runId, String step) {
    return query("SELECT " + COLUMNS + " FROM run_questions WHERE run_id = ? AND step = ?",
        s -> {
          s.setLong(1, runId);
          s.setString(2, step);
        }).stream().findFirst();
  }

  /** The question a run waits on now, if any. */
  Optional<Question> waiting(long runId) {
    return query("SELECT " + COLUMNS + " FROM run_questions WHERE run_id = ? AND state = ?",
        s -> {
          s.setLong(1, runId);
          s.setString(2, Question.State.WAITING.name());
        }).stream().findFirst();
  }

  List<Question> allWaiting() {
    return query("SELECT " + COLUMNS + " FROM run_questions WHERE state = ? ORDER BY asked_at",
        s -> s.setString(1, Question.State.WAITING.name()));
  }

  /** Records the answer unless someone answered first; true when this one counted. */
  boolean answer(long runId, String step, Question.State state, String by, Instant at,
      String reason) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE run_questions SET state = ?, "
            + "answered_by = ?, answered_at = ?, reason = ? WHERE run_id = ? AND step = ? "
            + "AND state = ?")) {
      s.setString(1, state.name());
      s.setString(2, by);
      s.setLong(3, at.toEpochMilli());
      s.setString(4, reason);
      s.setLong(5, runId);
      s.setString(6, step);
      s.setString(7, Question.State.WAITING.name());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new LifeboatException("Could not record the answer for r" + runId + ": "
          + e.getMessage(), e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement s) throws SQLException;
  }

  private List<Question> query(String sql, Binder binder) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      binder.bind(s);
      try (ResultSet r = s.executeQuery()) {
        List<Question> result = new java.util.ArrayList<>();
        while (r.next()) {
          long answeredAt = r.getLong(10);
          boolean answered = !r.wasNull();
          result.add(new Question(r.getLong(1), r.getString(2), r.getString(3),
              split(r.getString(4), ITEMS), split(r.getString(5), ","),
              Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)),
              Question.State.valueOf(r.getString(8)), Optional.ofNullable(r.getString(9)),
              answered ? Optional.of(Instant.ofEpochMilli(answeredAt)) : Optional.empty(),
              Optional.ofNullable(r.getString(11))));
        }
        return result;
      }
    } catch (SQLException e) {
      throw new LifeboatException("Could not read questions from the state database: "
          + e.getMessage(), e);
    }
  }

  private static List<String> split(String text, String separator) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split(java.util.regex.Pattern.quote(
        separator)));
  }
}
