package dev.lifeboat.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.state.StateSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final Instant START = Instant.parse("2024-03-01T09:00:00.123Z");

  @TempDir Path tempDir;
  private StateDatabase db;
  private MutableClock clock;
  private AuditLog log;

  @BeforeEach
  void open() {
    db = StateDatabase.open(StateSettings.embedded(tempDir.resolve("state/lb")));
    clock = new MutableClock(START);
    log = new AuditLog(db, clock);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void appendsChainedEntriesAndListsNewestFirst() {
    AuditEntry first = log.append("alice", "backup", "shop", "/backup now shop", "started");
    clock.advance(Duration.ofMinutes(3));
    AuditEntry second = log.append("lifeboat", "backup finished", "shop", "run r1 for alice",
        "succeeded");
    clock.advance(Duration.ofSeconds(5));
    AuditEntry third = log.append("bob", "config check", null, "all good", "ok");

    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo("0".repeat(64));
    assertThat(first.at()).isEqualTo(START);
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(third.prevHash()).isEqualTo(second.hash());
    assertThat(List.of(first.hash(), second.hash(), third.hash()))
        .doesNotHaveDuplicates()
        .allMatch(h -> h.matches("[0-9a-f]{64}"));

    List<AuditEntry> recent = log.recent(2);
    assertThat(recent).extracting(AuditEntry::seq).containsExactly(3L, 2L);
    assertThat(recent.get(0)).isEqualTo(third);
    assertThat(recent.get(1)).isEqualTo(second);
    AuditEntry stored = recent.get(1);
    assertThat(stored.at()).isEqualTo(START.plus(Duration.ofMinutes(3)));
    assertThat(stored.actor()).isEqualTo("lifeboat");
    assertThat(stored.action()).isEqualTo("backup finished");
    assertThat(stored.target()).isEqualTo("shop");
    assertThat(stored.detail()).isEqualTo("run r1 for alice");
    assertThat(stored.outcome()).isEqualTo("succeeded");
    assertThat(recent.get(0).target()).isNull();

    assertThat(log.recent(10)).extracting(AuditEntry::seq).containsExactly(3L, 2L, 1L);
  }

  @Test
  void emptyLogIsIntact() {
    AuditLog.Verification v = log.verify();

    assertThat(v.intact()).isTrue();
    assertThat(v.entries()).isZero();
    assertThat(log.recent(5)).isEmpty();
  }

  @Test
  void freshChainVerifiesIntact() {
    appendFive();

    AuditLog.Verification v = log.verify();

    assertThat(v.firstProblem()).isEmpty();
    assertThat(v.intact()).isTrue();
    assertThat(v.entries()).isEqualTo(5);
  }

  @Test
  void detectsEditedDetail() throws SQLException {
    appendFive();

    execute("UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3");

    AuditLog.Verification v = log.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstProblem()).contains("entry 3 was changed after it was written "
        + "(carol restore)");
  }

  @Test
  void detectsEditedOutcome() throws SQLException {
    appendFive();

    execute("UPDATE audit_log SET outcome = 'denied' WHERE seq = 5");

    assertThat(log.verify().firstProblem()).hasValueSatisfying(p -> assertThat(p)
        .startsWith("entry 5 was changed"));
  }

  @Test
  void detectsDeletedMiddleEntry() throws SQLException {
    appendFive();

    execute("DELETE FROM audit_log WHERE seq = 3");

    AuditLog.Verification v = log.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstProblem()).contains("entry 3 is missing (the next one is 4)");
  }

  @Test
  void detectsDeletedFirstEntry() throws SQLException {
    appendFive();

    execute("DELETE FROM audit_log WHERE seq = 1");

    assertThat(log.verify().firstProblem()).contains("entry 1 is missing (the next one is 2)");
  }

  @Test
  void detectsEditWhoseHashWasRecomputed() throws SQLException {
    List<AuditEntry> entries = appendFive();
    AuditEntry e = entries.get(1);
    String forged = AuditLog.hash(e.seq(), e.at(), e.actor(), e.action(), e.target(),
        "harmless", e.outcome(), e.prevHash());

    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement(
            "UPDATE audit_log SET detail = 'harmless', hash = ? WHERE seq = 2")) {
      s.setString(1, forged);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }

    assertThat(log.verify().firstProblem())
        .contains("entry 3 does not follow entry 2 (an entry was changed or removed)");
  }

  @Test
  void appendsContinueTheChainAfterReopening() {
    appendFive();
    db.close();

    db = StateDatabase.open(StateSettings.embedded(tempDir.resolve("state/lb")));
    log = new AuditLog(db, clock);
    AuditEntry sixth = log.append("dave", "view", "shop", "/backup list", "ok");

    assertThat(sixth.seq()).isEqualTo(6);
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.verify().entries()).isEqualTo(6);
  }

  private List<AuditEntry> appendFive() {
    AuditEntry a = log.append("alice", "backup", "shop", "/backup now shop", "started");
    clock.advance(Duration.ofSeconds(1));
    AuditEntry b = log.append("bob", "approve", "shop", "plan p1", "approved");
    clock.advance(Duration.ofSeconds(1));
    AuditEntry c = log.append("carol", "restore", "shop", "restore to shop_copy", "started");
    clock.advance(Duration.ofSeconds(1));
    AuditEntry d = log.append("eve", "cancel", "shop", "/cancel r3", "denied");
    clock.advance(Duration.ofSeconds(1));
    AuditEntry e = log.append("lifeboat", "restore finished", "shop", "run r3", "succeeded");
    return List.of(a, b, c, d, e);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      assertThat(s.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  /** A clock the test moves by hand. */
}
