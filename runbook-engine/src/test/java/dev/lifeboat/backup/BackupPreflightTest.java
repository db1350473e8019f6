package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.KeepPrevious;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Port 6543 is a hint that a connection goes through a pooler, not a verdict. */
class BackupPreflightTest {
  private final BackupPreflight preflight = new BackupPreflight(PgTools.discover(), null, null);

  @Test
  void port6543IsRefusedAsAPoolerWithTheWayToSayItIsNot() {
    assertThatThrownBy(() -> preflight.check(target(Optional.empty()), line -> { }))
        .isInstanceOf(LifeboatException.class)
        .hasMessageContaining("shop points at a connection pooler")
        .hasMessageEndingWith("If this is a direct connection after all (port 6543 is only a "
            + "hint), say so: targets.shop.pooler: false.");
  }

  @Test
  void poolerFalseOverridesThePortHint() {
    // Past the pooler check, the preflight goes on to connect (and nothing listens here).
    assertThatThrownBy(() -> preflight.check(target(Optional.of(false)), line -> { }))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith("Cannot reach shop");
  }

  @Test
  void poolerTrueIsRefusedWithoutTheHint() {
    assertThatThrownBy(() -> preflight.check(target(Optional.of(true)), line -> { }))
        .hasMessageContaining("points at a connection pooler")
        .hasMessageNotContaining("pooler: false");
  }

  private static Target target(Optional<Boolean> pooler) {
    ConnectionInfo c = new ConnectionInfo("127.0.0.1", 6543, "shop", "lifeboat",
        Optional.empty(), Map.of());
    return new Target("shop", c, List.of(), Duration.ofHours(25), Duration.ofHours(1),
        List.of("local"), List.of(), Optional.empty(), pooler, KeepPrevious.DEFAULT);
  }
}
