package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import static dev.lifeboat.bot.slack.SlackHarness.ALICE;
import static dev.lifeboat.bot.slack.SlackHarness.CAROL;
import static dev.lifeboat.bot.slack.SlackHarness.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.bot.discord.DiscordAdapter;
import dev.lifeboat.bot.discord.DiscordSettings;
import dev.lifeboat.bot.discord.FakeDiscord;
import dev.lifeboat.bot.discord.JdaLogWatch;
import dev.lifeboat.command.Command;
import dev.lifeboat.config.Secret;
import dev.lifeboat.run.Origin;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slack and Discord in one process on one engine, as {@code serve} runs them: a request shows
 * in both, and an approval given in either counts for both cards.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class SlackAndDiscordIT {
  private static final String NOTICES = "C0NOTICES";
  private static final String BOB_ON_DISCORD = "900000000000001002";

  @TempDir Path dir;

  @Test
  void anApprovalGivenInEitherChatCountsForTheRequestShownInBoth(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 10)");
    JdaLogWatch jdaLogs = new JdaLogWatch();
    try (FakeDiscord discord = new FakeDiscord();
        SlackHarness h = SlackHarness.start(dir, db, s -> s.withChannel(NOTICES),
            c -> c.chatId("bob", "discord", BOB_ON_DISCORD));
        DiscordAdapter onDiscord = DiscordAdapter.start(h.lifeboat, h.presenter,
            new DiscordSettings(Secret.of(FakeDiscord.TOKEN, "test"),
                Optional.of(FakeDiscord.GUILD), Optional.of(FakeDiscord.CHANNEL),
                URI.create(discord.apiUrl()), URI.create(discord.gateway().url()),
                Duration.ofMillis(200)))) {
      h.backupOutsideSlack();

      // Asked at a console: both chats' notice channels show the request.
      h.lifeboat.commands().execute(h.lifeboat.commands().access().person("alice"),
          new Command.Restore(Optional.empty(), Optional.empty(), Optional.empty(), false),
          Origin.of("console"));
      FakeSlack.Message slackCard = Await.until("the request in Slack", () -> h.slack
          .messages(NOTICES).stream().filter(m -> m.blocks().contains("lifeboat-approval-a1\""))
          .findFirst());
      FakeDiscord.Message discordCard = Await.until("the request in Discord", () -> discord
          .messages(FakeDiscord.CHANNEL).stream()
          .filter(m -> m.buttons().contains("lifeboat:approve:1")).findFirst());

      // bob reacts in Discord; Slack's card shows it too.
      discord.react(BOB_ON_DISCORD, discordCard.id(), "✅");
      try {
        Await.until("Slack's card approved from Discord", () -> h.slack.message(NOTICES,
            slackCard.ts()).filter(m -> m.blocks().contains("<@U0BOB> approved by reaction")));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; request " + h.lifeboat.approvals().find(1)
            + "; Discord shows " + discord.messages(FakeDiscord.CHANNEL).stream()
                .map(m -> m.content() + " | " + m.embeds()).toList() + "; Slack shows "
            + h.slack.message(NOTICES, slackCard.ts()), e);
      }
      Await.until("Discord's card approved", () -> discord.message(discordCard.id())
          .filter(m -> m.embeds().contains("approved by reaction (1/1)")));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);

      // Asked in Slack: Discord's notice channel shows it; carol's click in Slack counts there.
      h.command(ALICE, "/restore");
      FakeSlack.Message second = h.message("the second request in Slack",
          m -> m.blocks().contains("lifeboat-approval-a2\""));
      FakeDiscord.Message secondInDiscord = Await.until("the second request in Discord",
          () -> discord.messages(FakeDiscord.CHANNEL).stream()
              .filter(m -> m.buttons().contains("lifeboat:approve:2")).findFirst());
      h.click(CAROL, second.ts(), BlockKit.APPROVE, 2);
      FakeDiscord.Message approved = Await.until("Discord's card approved from Slack",
          () -> discord.message(secondInDiscord.id())
              .filter(m -> m.embeds().contains("approved by button")));
      assertThat(approved.buttons()).isEmpty();
      assertThat(h.lifeboat.approvals().find(2).state()).isEqualTo(ApprovalState.APPROVED);
      h.lifeboat.engine().completion(3).get(3, TimeUnit.MINUTES);
      assertThat(h.slack.messages(CHANNEL)).anyMatch(m -> m.text().startsWith(
          "r3 restore of shop"));
      assertThat(jdaLogs.problems(List.of())).as("WARN/ERROR from net.dv8tion").isEmpty();
    } finally {
      jdaLogs.close();
    }
  }
}
