package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.Await;
import static dev.lifeboat.bot.discord.DiscordHarness.ALICE;
import static dev.lifeboat.bot.discord.DiscordHarness.BOB;
import static dev.lifeboat.bot.discord.DiscordHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.bot.cli.LifeboatProcess;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lifeboat serve --config FILE} with chat.discord pointed at a fake Discord, as an
 * operator starts it: the config is read from the file, the token from the environment.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class DiscordServeIT {
  @TempDir Path dir;

  @Test
  void serveAnswersBackupNowAndRunsARestoreOnlyAfterASecondPersonsButton(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 50)");
    try (FakeDiscord discord = new FakeDiscord()) {
      TestConfig config = DiscordHarness.config(dir, db).chat("discord", "{enabled: true, "
          + "guild: \"" + FakeDiscord.GUILD + "\", channel: \"" + CHANNEL + "\", api_url: "
          + "\"${FAKE_DISCORD_API}\", gateway_url: \"${FAKE_DISCORD_GATEWAY}\"}");
      Path file = config.write();
      Map<String, String> env = new HashMap<>(config.environment());
      env.put("DISCORD_TOKEN", FakeDiscord.TOKEN);
      env.put("FAKE_DISCORD_API", discord.apiUrl());
      env.put("FAKE_DISCORD_GATEWAY", discord.gateway().url());
      try (LifeboatProcess serve = LifeboatProcess.start(dir, "serve", env, "", "serve",
          "--config", file.toString())) {
        serve.awaitOutput("serve ready", out -> out.contains("Lifeboat is serving"));
        assertThat(discord.registeredCommands()).isNotEmpty();

        String backup = discord.slash(ALICE, "backup", Optional.of("now"), Map.of());
        assertThat(Await.until("the ack", () -> discord.ack(backup)).type()).isEqualTo(5);
        FakeDiscord.Message run = Await.until("the final embed", () -> discord.messages(CHANNEL)
            .stream().filter(m -> m.embeds().contains("r1 · backup of shop")
                && m.embeds().contains("Succeeded")).findFirst());
        assertThat(run.edits()).as("edited in place").isPositive();

        discord.slash(ALICE, "restore", Optional.empty(), Map.of());
        FakeDiscord.Message request = Await.until("the request", () -> discord.messages(CHANNEL)
            .stream().filter(m -> m.buttons().contains("lifeboat:approve:1")).findFirst());
        String own = discord.click(ALICE, request.id(), "lifeboat:approve:1");
        assertThat(Await.until("the refusal", () -> discord.answer(own)))
            .contains("your own approval does not count");
        assertThat(discord.messages(CHANNEL)).noneMatch(m -> m.embeds().contains("r2 · restore"));

        discord.click(BOB, request.id(), "lifeboat:approve:1");
        Await.until("the restore's final embed", () -> discord.messages(CHANNEL).stream()
            .filter(m -> m.embeds().contains("r2 · restore of shop")
                && m.embeds().contains(" after ")).findFirst());

        serve.sigterm();
        assertThat(serve.awaitExit()).as(serve.output()).isZero();
        assertThat(serve.output()).doesNotContainPattern("(WARN|ERROR) +n\\.d\\.")
            .doesNotContain(FakeDiscord.TOKEN);
      }
    }
  }
}
