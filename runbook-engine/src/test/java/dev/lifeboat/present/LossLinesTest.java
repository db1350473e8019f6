package dev.lifeboat.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.restore.LossPreview.TableDelta;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossLinesTest {
  private static final Instant TAKEN = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-01T11:45:00Z");

  @Test
  void theSummaryIsTwoLinesWithTheThreeTablesChangingMost() {
    LossPreview p = preview(false,
        new TableDelta("public.orders", 10_000L, 11_204L, false, "created_at",
            Instant.parse("2026-12-01T11:42:00Z"), TAKEN),
        new TableDelta("public.payments", 5_000L, 6_190L, false, null, null, null),
        new TableDelta("public.sessions", 40_000L, 5_000L, true, null, null, null),
        new TableDelta("public.categories", 5L, 6L, false, null, null, null),
        new TableDelta("public.customers", 7L, 7L, false, null, null, null));

    List<String> lines = LossLines.summary(p).stream().map(Line::plain).toList();

    assertThat(lines).containsExactly(
        "Data-loss window: backup taken 09:00 UTC, 2 h 45 min ago · newest order 11:42 live, "
            + "09:00 in the backup",
        "Rows: ≈+32,605 in total · sessions ≈+35,000 · orders −1,204 · payments −1,190 "
            + "· 1 more table");
  }

  @Test
  void nothingChangedSaysSo() {
    LossPreview p = preview(false,
        new TableDelta("public.customers", 7L, 7L, false, null, null, null));

    assertThat(LossLines.summary(p).get(1).plain())
        .isEqualTo("Rows: no table changed since the backup");
  }

  @Test
  void aPreviewWithoutTheLiveSideSaysWhyAndHasNoTable() {
    LossPreview p = LossPreview.unavailable("shop-1", TAKEN, NOW, Duration.ofSeconds(10),
        "the live database could not be read (connection refused)");

    assertThat(LossLines.summary(p)).extracting(Line::plain).containsExactly(
        "Data-loss window: backup taken 09:00 UTC, 2 h 45 min ago",
        "No row delta: the live database could not be read (connection refused).");
    assertThat(LossLines.table(p)).isEmpty();
  }

  @Test
  void aPreviewSurvivesItsJsonAndItsHashIsStable() {
    LossPreview p = preview(true,
        new TableDelta("public.orders", 10L, null, false, "created_at", null, TAKEN),
        new TableDelta("Sales.Region", null, 3L, true, null, null, null));

    LossPreview back = LossPreview.fromJson(p.toJson());

    assertThat(back).isEqualTo(p);
    assertThat(back.hash()).isEqualTo(p.hash()).hasSize(64);
    assertThat(Line.plain(LossLines.table(p))).contains(
        "orders only in the backup, 10 rows: the restore brings it back",
        "Sales.Region only live, ≈3 rows: the restore drops it",
        "Counting stopped at the 10 s limit: ≈ marks the planner's estimates.");
  }

  private static LossPreview preview(boolean limitHit, TableDelta... tables) {
    return new LossPreview("shop-1", TAKEN, NOW, List.of(tables), Duration.ofSeconds(10),
        limitHit, null);
  }
}
