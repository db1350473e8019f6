package dev.lifeboat.bot.discord;

import static dev.lifeboat.bot.discord.DiscordHarness.ALICE;
import static dev.lifeboat.bot.discord.DiscordHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Discord adapter end to end: the real JDA client against a fake Discord (REST and
 * gateway), a real Lifeboat on a real PostgreSQL. What is asserted is what people in the
 * channel would see.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class DiscordAdapterIT {
  @TempDir Path dir;

  @Test
  void backupNowIsDeferredThenEndsInOneEmbedWithTheSummary(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      assertThat(h.discord.registeredCommands()).extracting(c -> c.path("name").asText())
          .contains("backup", "verify", "restore", "drill", "runs", "cancel", "approvals");

      String interaction = h.slash(ALICE, "backup", "now", Map.of());

      FakeDiscord.Ack ack = h.ack(interaction);
      assertThat(ack.type()).as("deferred channel message with source").isEqualTo(5);
      assertThat(ack.ephemeral()).isTrue();
      assertThat(ack.micros()).as("ack time in µs").isLessThan(3_000_000);
      assertThat(h.answer(interaction)).contains("r1 started: backup of shop");
      FakeDiscord.Message started = h.message("the run's message",
          m -> m.embeds().contains("r1 · backup of shop"));
      FakeDiscord.Message done = h.messageAt(started.id(), "the final summary",
          m -> m.embeds().contains("Succeeded"));

      assertThat(done.embeds())
          .contains("**r1 · backup of shop** · asked by <@" + ALICE + ">")
          .contains("✅ 2/2 steps · ")
          .contains("**Succeeded** after")
          .containsPattern("`shop-\\d{8}-\\d{6}` · [0-9.]+ kB · 1 table · 1,234 rows")
          .contains("details in the thread");
      assertThat(done.colour()).isEqualTo(DiscordRenderer.GREEN);
      assertThat(h.discord.messages(CHANNEL)).as("one message per run").hasSize(1);
      Await.until("the full checksum in the thread", () -> h.discord.thread(started.id())
          .stream().filter(r -> r.content().matches("(?s).*sha256 `[0-9a-f]{64}`.*"))
          .findFirst());
    }
  }

  private static TestDatabase shop(TestPostgres pg) {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 1234)");
    return db;
  }
}
