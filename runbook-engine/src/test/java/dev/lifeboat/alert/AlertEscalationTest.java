package dev.lifeboat.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.AlertAcknowledged;
import dev.lifeboat.event.LifeboatEvent.AlertEscalated;
import dev.lifeboat.event.LifeboatEvent.AlertRaised;
import dev.lifeboat.event.LifeboatEvent.AlertResolved;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitors, alerts and escalation with the real state database and stores, a clock moved by
 * hand and {@link Lifeboat#tick()} called where serve's timer would call it.
 */
class AlertEscalationTest {
  /** The DBA at once, the DevOps lead after 15 minutes, the CTO after 45. */
  private static final String ESCALATION = """
      escalation:
        default:
          - {notify: [alice], after: 0m}
          - {notify: [devops-leads], after: 15m}
          - {notify: [cto], after: 45m}
      """;

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final RecordingSink events = new RecordingSink();
  private final CommandParser parser = new CommandParser();

  private Lifeboat start(String monitors) {
    return start(monitors, "backups");
  }

  private Lifeboat start(String monitors, String storePath) {
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app", "pw")
        // The schedules are tested elsewhere; here nothing should run by itself.
        .targetOption("shop", "schedule", "{backup: off, verify: off, drill: off}")
        .extra(ESCALATION);
    if (monitors != null) {
      test.targetOption("shop", "monitors", monitors);
    }
    java.nio.file.Path file = test.write();
    try {
      java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
          .replace("  eve: {}", "  eve: {}\n  cto: {}")
          .replace("path: backups}", "path: " + storePath + "}"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Lifeboat lifeboat = Lifeboat.start(new dev.lifeboat.config.ConfigLoader(test.environment())
        .load(file), test.environment(), clock, PgTools.discover());
    lifeboat.events().subscribe(events);
    return lifeboat;
  }

  private BackupManifest backup(Lifeboat lifeboat, Instant at, long bytes, boolean verified) {
    BackupManifest m = SyntheticBackups.put(lifeboat.stores().get("local"), lifeboat.catalog(),
        "shop", at, bytes);
    if (verified) {
      lifeboat.catalog().recordVerification(m.id(), at.plusSeconds(600), "ok: 1 tables, 2 rows "
          + "match", Optional.of(Duration.ofSeconds(3)));
    }
    return m;
  }

  private Reply run(Lifeboat lifeboat, String who, String text) {
    Person person = lifeboat.commands().access().person(who);
    return lifeboat.commands().execute(person, parser.parse(text), Origin.of("test"));
  }

  private <T extends LifeboatEvent.AlertEvent> List<T> alertEvents(Class<T> type, String monitor) {
    return events.of(type).stream().filter(e -> e.alert().monitor().equals(monitor)).toList();
  }

  @Test
  void aStaleBackupRaisesOnceEscalatesLevelByLevelUntilAckedAndResolvesWithTheNextBackup() {
    try (Lifeboat lifeboat = start(null)) {
      backup(lifeboat, clock.instant(), 1000, true);
      clock.advance(Duration.ofHours(1));
      lifeboat.tick();
      assertThat(events.of(LifeboatEvent.AlertEvent.class)).isEmpty();

      // The schedule stopped: 25 hours pass without a backup.
      clock.advance(Duration.ofHours(24).plusMinutes(1));
      lifeboat.tick();
      AlertRaised raised = alertEvents(AlertRaised.class, "rpo").get(0);
      assertThat(raised.mentions()).containsExactly("alice");
      assertThat(raised.alert().summary()).contains("1 d 1 h old").contains("RPO of 1 d 1 h");

      clock.advance(Duration.ofMinutes(10));
      lifeboat.tick();
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "rpo")).as("not repeated every tick").hasSize(1);
      assertThat(alertEvents(AlertEscalated.class, "rpo")).isEmpty();

      clock.advance(Duration.ofMinutes(5)); // 15 minutes after raising
      lifeboat.tick();
      lifeboat.tick();
      assertThat(alertEvents(AlertEscalated.class, "rpo")).singleElement().satisfies(e -> {
        assertThat(e.level()).isEqualTo(2);
        assertThat(e.of()).isEqualTo(3);
        assertThat(e.mentions()).containsExactly("carol"); // the devops-leads group
      });

      Reply.Acknowledged acked = (Reply.Acknowledged) run(lifeboat, "carol", "/ack "
          + raised.alert().ref());
      assertThat(acked.alert().ackedBy()).contains("carol");
      assertThat(alertEvents(AlertAcknowledged.class, "rpo")).singleElement()
          .satisfies(e -> assertThat(e.by()).isEqualTo("carol"));
      assertThatThrownBy(() -> run(lifeboat, "alice", "/ack " + raised.alert().ref()))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("by carol already");

      clock.advance(Duration.ofHours(1)); // the CTO's 45 minutes pass: nobody else is woken
      lifeboat.tick();
      assertThat(alertEvents(AlertEscalated.class, "rpo")).hasSize(1);
      assertThat(alertEvents(AlertResolved.class, "rpo")).isEmpty();

      backup(lifeboat, clock.instant(), 1000, true);
      lifeboat.tick();
      lifeboat.tick();
      assertThat(alertEvents(AlertResolved.class, "rpo")).singleElement()
          .satisfies(e -> assertThat(e.open()).isEqualTo(Duration.ofMinutes(75)));
      assertThat(lifeboat.alerts().open()).isEmpty();
      assertThat(lifeboat.audit().recent(20)).extracting(e -> e.action() + " " + e.outcome())
          .contains("alert raised", "escalate escalated", "ack acknowledged", "alert resolved");
    }
  }

  @Test
  void unacknowledgedItReachesTheLastLevelAndLevelsMissedWhileDownAreToldTogether() {
    try (Lifeboat lifeboat = start(null)) {
      lifeboat.tick(); // no backup at all: the RPO alert is raised at once
      assertThat(alertEvents(AlertRaised.class, "rpo")).singleElement()
          .satisfies(e -> assertThat(e.alert().summary()).contains("no good backup at all"));

      clock.advance(Duration.ofHours(2)); // Lifeboat was down through levels 2 and 3
      lifeboat.tick();
      assertThat(alertEvents(AlertEscalated.class, "rpo")).singleElement().satisfies(e -> {
        assertThat(e.level()).isEqualTo(3);
        assertThat(e.mentions()).containsExactly("carol", "cto");
      });
      assertThat(run(lifeboat, "alice", "/ack")).isInstanceOf(Reply.Acknowledged.class);
    }
  }

  @Test
  void theSameTroubleAfterAResolutionIsANewAlert() {
    try (Lifeboat lifeboat = start(null)) {
      for (int round = 0; round < 3; round++) {
        lifeboat.tick(); // stale (or no backup): raised
        backup(lifeboat, clock.instant(), 1000, true);
        lifeboat.tick(); // fresh: resolved
        clock.advance(Duration.ofHours(26));
      }
      assertThat(alertEvents(AlertRaised.class, "rpo")).extracting(e -> e.alert().ref())
          .containsExactly("al1", "al2", "al3");
      assertThat(alertEvents(AlertResolved.class, "rpo")).hasSize(3);
    }
  }

  @Test
  void aBackupFarFromTheUsualSizeRaisesUntilANormalOneFollows() {
    try (Lifeboat lifeboat = start(null)) {
      for (int i = 4; i >= 1; i--) {
        backup(lifeboat, clock.instant().minus(Duration.ofHours(i)), 1000 + i, true);
      }
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "size")).isEmpty();

      backup(lifeboat, clock.instant(), 1300, true); // +30% against a median of 1,002.5
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "size")).singleElement().satisfies(e ->
          assertThat(e.alert().summary()).contains("+30%").contains("the limit is 20%"));

      clock.advance(Duration.ofHours(1));
      backup(lifeboat, clock.instant(), 1010, true);
      lifeboat.tick();
      assertThat(alertEvents(AlertResolved.class, "size")).hasSize(1);
    }
  }

  @Test
  void backupsWaitingLongerThanTheVerifyWindowAreUnprovenUntilANewerOneIsVerified() {
    try (Lifeboat lifeboat = start("{verify_window: 12h}")) {
      backup(lifeboat, clock.instant().minus(Duration.ofHours(1)), 1000, true);
      // Every 15 minutes a backup; none of them verified.
      BackupManifest firstUnverified = null;
      for (int i = 0; i < 13 * 4; i++) {
        clock.advance(Duration.ofMinutes(15));
        BackupManifest m = backup(lifeboat, clock.instant(), 1000, false);
        firstUnverified = firstUnverified == null ? m : firstUnverified;
        lifeboat.tick();
        if (i < 11 * 4) {
          assertThat(alertEvents(AlertRaised.class, "unproven")).as("after %d backups", i + 1)
              .isEmpty();
        }
      }
      String id = firstUnverified.id();
      assertThat(alertEvents(AlertRaised.class, "unproven")).singleElement().satisfies(e ->
          assertThat(e.alert().summary()).contains(id).contains("neither it nor any newer")
              .contains("/verify latest shop"));

      // The scheduled verification proves the newest, which stands for those before it.
      clock.advance(Duration.ofMinutes(15));
      BackupManifest newest = backup(lifeboat, clock.instant(), 1000, false);
      lifeboat.catalog().recordVerification(newest.id(), clock.instant(), "ok: 1 tables, 2 rows "
          + "match", Optional.empty());
      lifeboat.tick();
      assertThat(alertEvents(AlertResolved.class, "unproven")).hasSize(1);
    }
  }

  @Test
  void aDrillOverdueAStoreNearlyFullAndAFailedBackupEachRaiseTheirOwnAlert() throws Exception {
    try (Lifeboat lifeboat = start("{drill_every: 30d, store_free_min: 1000000TB}")) {
      backup(lifeboat, clock.instant().minus(Duration.ofDays(31)), 1000, true);
      backup(lifeboat, clock.instant().minus(Duration.ofHours(1)), 1000, true);
      // A backup of a database nobody serves fails in its preflight.
      RunInfo failed = ((Reply.RunAccepted) run(lifeboat, "alice", "/backup now shop")).run();
      lifeboat.engine().completion(failed.id()).get(60, java.util.concurrent.TimeUnit.SECONDS);
      lifeboat.tick();
      assertThat(events.of(AlertRaised.class)).extracting(e -> e.alert().monitor())
          .containsExactlyInAnyOrder("drill-overdue", "store:local", "backup-failed");
      assertThat(alertEvents(AlertRaised.class, "backup-failed").get(0).alert().summary())
          .contains(failed.ref()).contains("failed");
      assertThat(alertEvents(AlertRaised.class, "drill-overdue").get(0).alert().summary())
          .contains("never had a drill").contains("/drill shop");
    }
  }

  @Test
  void aStoreWhoseVolumeIsGoneIsUnreachableUntilItIsBack() throws Exception {
    try (Lifeboat lifeboat = start(null, "volume/lifeboat/backups")) {
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "store:local")).singleElement().satisfies(e ->
          assertThat(e.alert().summary()).contains("cannot be reached")
              .contains("is the volume mounted?"));
      java.nio.file.Files.createDirectories(dir.resolve("volume/lifeboat"));
      lifeboat.tick();
      assertThat(alertEvents(AlertResolved.class, "store:local")).hasSize(1);
    }
  }

  @Test
  void anApprovalWaitingTooLongAndARestorePastItsRtoAreChased() {
    try (Lifeboat lifeboat = start("{approval_wait: 10m}")) {
      BackupManifest m = backup(lifeboat, clock.instant(), 1000, true);
      Reply.ApprovalPending pending = (Reply.ApprovalPending) run(lifeboat, "alice",
          "/restore " + m.id() + " shop");
      // A restore that another instance is running, started 70 minutes ago (RTO 1 h).
      JdbcRunRepository runs = new JdbcRunRepository(lifeboat.state());
      dev.lifeboat.run.Instance other = new dev.lifeboat.run.Instance("0ther0ne", "other-host",
          4242, Optional.empty());
      RunInfo restore = runs.create("restore", "shop", "h", Map.of("backup", m.id()), "carol",
          Origin.of("test"), clock.instant(), other, clock.instant().plus(Duration.ofDays(1)));
      runs.started(restore.id(), clock.instant());
      clock.advance(Duration.ofMinutes(11));
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "approval:" + pending.request().ref()))
          .singleElement().satisfies(e -> assertThat(e.mentions()).containsExactly("alice"));
      assertThat(alertEvents(AlertRaised.class, "rto:" + restore.ref())).isEmpty();

      clock.advance(Duration.ofMinutes(60));
      lifeboat.tick();
      assertThat(alertEvents(AlertRaised.class, "rto:" + restore.ref())).singleElement()
          .satisfies(e -> assertThat(e.alert().summary()).contains("past the RTO of 1 h"));

      lifeboat.approvals().expireDue(); // 30 minutes passed: serve's timer expires it
      lifeboat.tick();
      assertThat(alertEvents(AlertResolved.class, "approval:" + pending.request().ref()))
          .hasSize(1);
    }
  }
}
