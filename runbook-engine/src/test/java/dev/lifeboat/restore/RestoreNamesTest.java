package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Names of the databases a restore creates fit PostgreSQL's 63 bytes without losing meaning. */
class RestoreNamesTest {
  private static final Instant AT = Instant.parse("2026-11-23T13:08:12Z");

  @Test
  void shortNamesAreKeptWhole() {
    assertThat(RestoreNames.restoreCopy("shop", 42)).isEqualTo("shop_lbrestore_42");
    assertThat(RestoreNames.kept("shop", AT)).isEqualTo("shop_before_20261123_130812");
    assertThat(RestoreNames.keptPrefix("shop")).isEqualTo("shop_before_");
    assertThat(RestoreNames.verifyScratch(7)).isEqualTo("lifeboat_verify_7");
  }

  @Test
  void longNamesLoseTheTargetsEndNotTheSuffix() {
    String long63 = "a".repeat(63);
    assertThat(RestoreNames.restoreCopy(long63, 123456)).hasSize(63)
        .endsWith("_lbrestore_123456").startsWith("aaaa");
    assertThat(RestoreNames.kept(long63, AT)).hasSize(63).endsWith("_before_20261123_130812");
    assertThat(RestoreNames.kept(long63, AT)).startsWith(RestoreNames.keptPrefix(long63));
  }

  @Test
  void multiByteCharactersAreNeverCutInHalf() {
    String name = "ü".repeat(30); // 60 bytes; 50 are left next to "_lbrestore_99"
    String copy = RestoreNames.restoreCopy(name, 99);
    assertThat(copy.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
    assertThat(copy).isEqualTo("ü".repeat(25) + "_lbrestore_99");
    assertThat(new String(copy.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(copy);
  }
}
