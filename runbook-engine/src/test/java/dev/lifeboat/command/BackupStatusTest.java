package dev.lifeboat.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.Origin;
import dev.lifeboat.schedule.ScheduleKind;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /backup status as the at-a-glance view of each target. */
class BackupStatusTest {
  @TempDir Path dir;

  @Test
  void showsTheNewestBackupItsProofTheNextRunAndOpenAlerts() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app", "pw")
        .targetOption("shop", "schedule", "{time_zone: Europe/Berlin, backup: \"0 2 * * *\", "
            + "verify: off, drill: off}");
    try (Lifeboat lifeboat = Lifeboat.start(test.load(), test.environment(), clock,
        PgTools.discover())) {
      BackupManifest verified = SyntheticBackups.put(lifeboat.stores().get("local"),
          lifeboat.catalog(), "shop", clock.instant().minus(Duration.ofHours(30)), 1000);
      lifeboat.catalog().recordVerification(verified.id(), clock.instant().minus(
          Duration.ofHours(29)), "ok: 1 tables, 2 rows match", Optional.of(Duration.ofSeconds(4)));
      BackupManifest newest = SyntheticBackups.put(lifeboat.stores().get("local"),
          lifeboat.catalog(), "shop", clock.instant().minus(Duration.ofHours(26)), 1000);
      lifeboat.tick(); // the RPO is breached and the newest backup waited 26 h unverified

      Reply.Status status = (Reply.Status) lifeboat.commands().execute(
          lifeboat.commands().access().person("alice"), new CommandParser().parse(
              "/backup status"), Origin.of("test"));

      Reply.TargetStatus shop = status.targets().get(0);
      assertThat(shop.latest()).hasValueSatisfying(b -> assertThat(b.id()).isEqualTo(newest.id()));
      assertThat(shop.unproven()).isTrue();
      assertThat(shop.lastVerified()).hasValueSatisfying(b -> {
        assertThat(b.id()).isEqualTo(verified.id());
        assertThat(b.lastRestoreTook()).contains(Duration.ofSeconds(4));
      });
      assertThat(shop.next()).hasValueSatisfying(n -> {
        assertThat(n.schedule().kind()).isEqualTo(ScheduleKind.BACKUP);
        assertThat(n.at()).isEqualTo(Instant.parse("2026-11-24T01:00:00Z")); // 02:00 in Berlin
      });
      assertThat(shop.alerts()).extracting(a -> a.monitor())
          .containsExactlyInAnyOrder("rpo", "unproven");
    }
  }
}
