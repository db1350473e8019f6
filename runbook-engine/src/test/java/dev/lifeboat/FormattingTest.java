package dev.lifeboat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lifeboat.backup.Sizes;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How durations and sizes are shown to people, and how durations are read from the config. */
class FormattingTest {

  @ParameterizedTest(name = "{0} ms -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0          | 0 ms",
      "250        | 250 ms",
      "4000       | 4.0 s",
      "4560       | 4.5 s",
      "9990       | 9.9 s",
      "42000      | 42 s",
      "90000      | 1 min 30 s",
      "120000     | 2 min",
      "650000     | 10 min",
      "7200000    | 2 h",
      "11100000   | 3 h 5 min",
      "172800000  | 2 d",
      "97200000   | 1 d 3 h"})
  void agoReadsLikeChat(long millis, String expected) {
    assertThat(Ago.of(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  /**
   * BUG: Ago.of clamps seconds with Math.max(0, ...) but then prints d.toMillis() for anything
   * under a second, so a negative duration (a clock that stepped back) shows as "-5000 ms".
   */
  @Test
  void agoNeverShowsANegativeDuration() {
    assertThat(Ago.of(Duration.ofSeconds(-5))).doesNotContain("-");
    assertThat(Ago.of(Duration.ofMillis(-1))).doesNotContain("-");
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0              | 0 B",
      "999            | 999 B",
      "1000           | 1.0 kB",
      "1234           | 1.2 kB",
      "340000         | 340 kB",
      "1200000        | 1.2 MB",
      "56700000       | 57 MB",
      "3000000000     | 3.0 GB",
      "12000000000000 | 12 TB",
      "5000000000000000 | 5000 TB"})
  void sizesReadLikePeopleSayThem(long bytes, String expected) {
    assertThat(Sizes.human(bytes)).isEqualTo(expected);
  }

  @Test
  void parsesDurations() {
    assertThat(ConfigNode.parseDuration("90s")).contains(Duration.ofSeconds(90));
    assertThat(ConfigNode.parseDuration("15m")).contains(Duration.ofMinutes(15));
    assertThat(ConfigNode.parseDuration("25h")).contains(Duration.ofHours(25));
    assertThat(ConfigNode.parseDuration("1d")).contains(Duration.ofDays(1));
    assertThat(ConfigNode.parseDuration("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(ConfigNode.parseDuration("2w")).contains(Duration.ofDays(14));
    assertThat(ConfigNode.parseDuration("500ms")).contains(Duration.ofMillis(500));
    assertThat(ConfigNode.parseDuration(" 25H ")).contains(Duration.ofHours(25));
    assertThat(ConfigNode.parseDuration("1d2h3m4s")).contains(Duration.ofDays(1).plusHours(2)
        .plusMinutes(3).plusSeconds(4));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"soon", "", "   ", "5x", "h", "1h soon", "-1h", "1.5h", "15", "m15"})
  void rejectsWhatIsNotADuration(String text) {
    assertThat(ConfigNode.parseDuration(text)).isEmpty();
  }

  /**
   * Regression: parseDuration promises that "an empty result means it is not a duration", but
   * numbers too large for a long threw NumberFormatException and large day counts threw
   * ArithmeticException.
   */
  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"99999999999999999999s", "1000000000000000d", "999999999999h"})
  void rejectsOverlongDurationsWithoutThrowing(String text) {
    assertThatCode(() -> assertThat(ConfigNode.parseDuration(text)).isEmpty())
        .doesNotThrowAnyException();
  }
}
