package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.restore.KeptCopies.KeptCopy;
import dev.lifeboat.target.KeepPrevious;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which kept databases a policy drops. */
class KeptCopiesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final KeptCopy HOUR_OLD = copy("shop_before_20261201_090000", 1);
  private static final KeptCopy TWO_DAYS_OLD = copy("shop_before_20261129_100000", 48);
  private static final KeptCopy EIGHT_DAYS_OLD = copy("shop_before_20261123_100000", 192);
  private static final List<KeptCopy> NEWEST_FIRST = List.of(HOUR_OLD, TWO_DAYS_OLD,
      EIGHT_DAYS_OLD);

  @Test
  void byDefaultOnlyTheNewestIsKeptAndOnlyForSevenDays() {
    assertThat(KeptCopies.expired(NEWEST_FIRST, KeepPrevious.DEFAULT, NOW))
        .containsExactly(TWO_DAYS_OLD, EIGHT_DAYS_OLD);
    assertThat(KeptCopies.expired(List.of(EIGHT_DAYS_OLD), KeepPrevious.DEFAULT, NOW))
        .containsExactly(EIGHT_DAYS_OLD);
  }

  @Test
  void aLongerPolicyKeepsMore() {
    assertThat(KeptCopies.expired(NEWEST_FIRST, new KeepPrevious(3, Duration.ofDays(7)), NOW))
        .containsExactly(EIGHT_DAYS_OLD);
    assertThat(KeptCopies.expired(NEWEST_FIRST, new KeepPrevious(5, Duration.ofDays(30)), NOW))
        .isEmpty();
    assertThat(KeptCopies.expired(NEWEST_FIRST, new KeepPrevious(0, Duration.ofDays(30)), NOW))
        .containsExactlyElementsOf(NEWEST_FIRST);
  }

  @Test
  void theTimeComesFromTheName() {
    assertThat(RestoreNames.keptAt("20261201_090000")).contains(Instant.parse(
        "2026-12-01T09:00:00Z"));
    assertThat(RestoreNames.keptAt("someone_elses")).isEmpty();
    String kept = RestoreNames.kept("shop", NOW);
    assertThat(RestoreNames.keptAt(kept.substring(RestoreNames.keptPrefix("shop").length())))
        .contains(NOW);
  }

  private static KeptCopy copy(String name, int hoursOld) {
    return new KeptCopy(name, NOW.minus(Duration.ofHours(hoursOld)), 1_000_000,
        Optional.empty());
  }
}
