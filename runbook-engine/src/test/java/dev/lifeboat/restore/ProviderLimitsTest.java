package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Origin;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore mode the target's provider does not allow is refused when it is asked for, with
 * the mode that works, before anyone is asked to approve it. Nothing here reaches a database.
 */
class ProviderLimitsTest {
  @TempDir Path dir;
  private int configs;

  private Reply restore(String host, String database, String command) {
    TestConfig test = new TestConfig(dir.resolve("config" + ++configs)).target("shop", host, 5432, database, "postgres", "pw");
    try (Lifeboat lifeboat = test.start()) {
      SyntheticBackups.put(lifeboat.stores().get("local"), lifeboat.catalog(), "shop",
          Instant.now().minus(Duration.ofHours(1)), 1000);
      return lifeboat.commands().execute(lifeboat.commands().access().person("alice"),
          new CommandParser().parse(command), Origin.of("test"));
    }
  }

  @Test
  void supabasesPostgresDatabaseIsRestoredInPlaceNotSideBySide() {
    assertThatThrownBy(() -> restore("db.abcdefghijkl.supabase.co", "postgres",
        "/restore latest shop"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shop is on Supabase")
        .hasMessageContaining("Ask for /restore latest shop in-place");

    assertThat(restore("db.abcdefghijkl.supabase.co", "postgres", "/restore latest shop "
        + "in-place")).isInstanceOf(Reply.ApprovalPending.class);
  }

  @Test
  void renderRefusesTheRenameAndAnOwnServerDoesNot() {
    assertThatThrownBy(() -> restore("dpg-abc123-a.oregon-postgres.render.com", "shop",
        "/restore latest shop side-by-side"))
        .hasMessageContaining("shop is on Render");

    assertThat(restore("db.internal", "shop", "/restore latest shop"))
        .isInstanceOf(Reply.ApprovalPending.class);
  }
}
