package dev.lifeboat.audit;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.state.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Append-only, hash-chained audit log. Each entry's hash covers its fields and the previous
 * entry's hash, so editing or deleting any row breaks every hash after it; {@link #verify()}
 * finds the first break.
 */
public final class AuditLog {
  static final String GENESIS = "0".repeat(64);
  private static final int ATTEMPTS = 5;

  private final StateDatabase database;
  private final Clock clock;

  public AuditLog(StateDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The result of checking the chain. */
  public record Verification(long entries, Optional<String> firstProblem) {
    public boolean intact() {
      return firstProblem.isEmpty();
    }
  }

  public AuditEntry append(String actor, String action, String target, String detail,
      String outcome) {
    // Another process may append at the same moment; the primary key and UNIQUE(prev_hash)
    // reject the loser, who reads the new head and tries again.
    SQLException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try (Connection c = database.connect()) {
        long seq = 1;
        String prev = GENESIS;
        try (PreparedStatement s = c.prepareStatement(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
            ResultSet r = s.executeQuery()) {
          if (r.next()) {
            seq = r.getLong(1) + 1;
            prev = r.getString(2);
          }
        }
        Instant at = Instant.ofEpochMilli(clock.millis());
        String hash = hash(seq, at, actor, action, target, detail, outcome, prev);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (seq, at, actor, "
            + "action, target, detail, outcome, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")) {
          s.setLong(1, seq);
          s.setLong(2, at.toEpochMilli());
          s.setString(3, actor);
          s.setString(4, action);
          s.setString(5, target);
          s.setString(6, detail);
          s.setString(7, outcome);
          s.setString(8, prev);
          s.setString(9, hash);
          s.executeUpdate();
        }
        return new AuditEntry(seq, at, actor, action, target, detail, outcome, prev, hash);
      } catch (SQLException e) {
        last = e;
      }
    }
    throw new LifeboatException("The audit log could not be written: " + last.getMessage(), last);
  }

  public List<AuditEntry> recent(int limit) {
    List<AuditEntry> entries = new ArrayList<>();
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT seq, at, actor, action, target, detail, "
            + "outcome, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(read(r));
        }
      }
    } catch (SQLException e) {
      throw new LifeboatException("The audit log could not be read: " + e.getMessage(), e);
    }
    return entries;
  }

  public Verification verify() {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT seq, at, actor, action, target, detail, "
            + "outcome, prev_hash, hash FROM audit_log ORDER BY seq");
        ResultSet r = s.executeQuery()) {
      long expectedSeq = 1;
      String prev = GENESIS;
      long count = 0;
      while (r.next()) {
        AuditEntry e = read(r);
        count++;
        if (e.seq() != expectedSeq) {
          return new Verification(count, Optional.of("entry " + expectedSeq + " is missing "
              + "(the next one is " + e.seq() + ")"));
        }
        if (!e.prevHash().equals(prev)) {
          return new Verification(count, Optional.of("entry " + e.seq() + " does not follow "
              + "entry " + (e.seq() - 1) + " (an entry was changed or removed)"));
        }
        String expected = hash(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.detail(),
            e.outcome(), e.prevHash());
        if (!expected.equals(e.hash())) {
          return new Verification(count, Optional.of("entry " + e.seq() + " was changed after "
              + "it was written (" + e.actor() + " " + e.action() + ")"));
        }
        prev = e.hash();
        expectedSeq++;
      }
      return new Verification(count, Optional.empty());
    } catch (SQLException e) {
      throw new LifeboatException("The audit log could not be read: " + e.getMessage(), e);
    }
  }

  private static AuditEntry read(ResultSet r) throws SQLException {
    return new AuditEntry(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
        r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
        r.getString(9));
  }

  static String hash(long seq, Instant at, String actor, String action, String target,
      String detail, String outcome, String prev) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      // Length-prefixed fields, so ("ab","c") and ("a","bc") hash differently.
      for (String field : new String[] {Long.toString(seq), Long.toString(at.toEpochMilli()),
          actor, action, target == null ? "" : target, detail, outcome, prev}) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        d.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        d.update(bytes);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
