package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.testing.SyntheticBackups;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Grandfather-father-son over a year of synthetic daily backups. */
class RetentionSelectionTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final RetentionPolicy POLICY =
      new RetentionPolicy(7, 4, 12, 2, 3, Duration.ofDays(1));

  /** One backup a day at 02:00 UTC from 2025-11-01 to 2026-11-23 (388 backups). */
  private static List<BackupRecord> aYearOfDailyBackups() {
    List<BackupRecord> backups = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2025, 11, 1); !d.isAfter(LocalDate.of(2026, 11, 23));
        d = d.plusDays(1)) {
      backups.add(SyntheticBackups.record("shop", d.atTime(2, 0).toInstant(ZoneOffset.UTC)));
    }
    return backups;
  }

  private static String day(RetentionSelection.Kept k) {
    return k.backup().manifest().finishedAt().atZone(UTC).toLocalDate().toString();
  }

  @Test
  void keepsSevenDailyFourWeeklyTwelveMonthlyTwoYearly() {
    RetentionSelection.Result result = RetentionSelection.select(aYearOfDailyBackups(), POLICY,
        NOW, UTC, Map.of());

    assertThat(result.kept()).extracting(RetentionSelectionTest::day).containsExactly(
        "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18",
        "2026-11-17", "2026-11-15", "2026-11-08", "2026-10-31", "2026-09-30", "2026-08-31",
        "2026-07-31", "2026-06-30", "2026-05-31", "2026-04-30", "2026-03-31", "2026-02-28",
        "2026-01-31", "2025-12-31");
    assertThat(result.pruned()).hasSize(388 - 20);
    assertThat(result.kept().get(0).reasons()).containsExactly("one of the 3 newest",
        "younger than 1 d", "daily 2026-11-23", "weekly 2026-W48", "monthly 2026-11",
        "yearly 2026");
    assertThat(result.kept().get(result.kept().size() - 1).reasons())
        .containsExactly("monthly 2025-12", "yearly 2025");
  }

  @Test
  void neverPrunesTheNewestVerifiedBackupNorOneAPendingRestoreNeeds() {
    List<BackupRecord> backups = new ArrayList<>(aYearOfDailyBackups());
    Instant verifiedDay = Instant.parse("2026-03-15T02:00:00Z");
    backups.replaceAll(b -> b.manifest().finishedAt().equals(verifiedDay)
        ? new BackupRecord(b.manifest(), b.store(), Optional.of(verifiedDay.plusSeconds(3600)),
            Optional.of("ok: 3 tables, 10 rows match"), Optional.of(Duration.ofSeconds(4)))
        : b);
    String wanted = SyntheticBackups.record("shop", Instant.parse("2026-02-10T02:00:00Z")).id();

    RetentionSelection.Result result = RetentionSelection.select(backups, POLICY, NOW, UTC,
        Map.of(wanted, "the pending restore a3 refers to it"));

    assertThat(result.kept()).hasSize(22);
    assertThat(result.kept()).filteredOn(k -> day(k).equals("2026-03-15")).singleElement()
        .satisfies(k -> assertThat(k.reasons()).containsExactly("the newest verified backup"));
    assertThat(result.kept()).filteredOn(k -> k.backup().id().equals(wanted)).singleElement()
        .satisfies(k -> assertThat(k.reasons())
            .containsExactly("the pending restore a3 refers to it"));
  }

  @Test
  void daysAreCountedInTheTargetsTimeZone() {
    // 23:30 UTC on the 1st is already the 2nd in Berlin: which one is the 1st's newest differs.
    List<BackupRecord> backups = List.of(
        SyntheticBackups.record("shop", Instant.parse("2026-11-01T23:30:00Z")),
        SyntheticBackups.record("shop", Instant.parse("2026-11-02T10:00:00Z")),
        SyntheticBackups.record("shop", Instant.parse("2026-11-01T10:00:00Z")));
    RetentionPolicy twoDays = new RetentionPolicy(2, 0, 0, 0, 1, Duration.ZERO);

    assertThat(RetentionSelection.select(backups, twoDays, NOW, UTC, Map.of()).pruned())
        .extracting(b -> b.manifest().finishedAt())
        .containsExactly(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(RetentionSelection.select(backups, twoDays, NOW, ZoneId.of("Europe/Berlin"),
        Map.of()).pruned()).extracting(b -> b.manifest().finishedAt())
        .containsExactly(Instant.parse("2026-11-01T23:30:00Z"));
  }
}
