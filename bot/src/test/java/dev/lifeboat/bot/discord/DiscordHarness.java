package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.Await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.command.Command;
import dev.lifeboat.config.Secret;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Lifeboat on a real PostgreSQL database, the real Discord adapter (JDA) and a fake Discord,
 * with the test config's people given Discord ids: alice (on call), bob (tech owner), carol
 * (DevOps lead), eve (in no group); dana is in no people: entry but holds the tech-owners
 * role. Helpers send what Discord would send and wait for what a person would see. Closing
 * fails the test on any WARN or ERROR JDA logged.
 */
final class DiscordHarness implements AutoCloseable {
  static final String CHANNEL = FakeDiscord.CHANNEL;
  static final String ALICE = "900000000000001001";
  static final String BOB = "900000000000001002";
  static final String CAROL = "900000000000001003";
  static final String EVE = "900000000000001004";
  static final String DANA = "900000000000001005";
  static final String STRANGER = "900000000000001999";

  final FakeDiscord discord;
  final Lifeboat lifeboat;
  final DiscordSettings settings;
  final ChatPresenter presenter = new ChatPresenter();
  private final JdaLogWatch logs;
  private final List<String> expectedWarnings = new ArrayList<>();
  private DiscordAdapter adapter;

  private DiscordHarness(FakeDiscord discord, Lifeboat lifeboat, DiscordSettings settings,
      JdaLogWatch logs) {
    this.discord = discord;
    this.lifeboat = lifeboat;
    this.settings = settings;
    this.logs = logs;
    lifeboat.events().subscribe(presenter);
    this.adapter = DiscordAdapter.start(lifeboat, presenter, settings);
  }

  static DiscordHarness start(Path dir, TestDatabase db) throws Exception {
    return start(dir, db, c -> c);
  }

  /** @param config changes to the test config, e.g. a runbook of the test's own */
  static DiscordHarness start(Path dir, TestDatabase db,
      java.util.function.UnaryOperator<TestConfig> config) throws Exception {
    JdaLogWatch logs = new JdaLogWatch();
    FakeDiscord discord = new FakeDiscord();
    discord.roles(BOB, FakeDiscord.TECH_OWNERS_ROLE);
    discord.roles(DANA, FakeDiscord.TECH_OWNERS_ROLE);
    Lifeboat lifeboat = config.apply(config(dir, db)).start();
    DiscordSettings settings = settings(discord);
    return new DiscordHarness(discord, lifeboat, settings, logs);
  }

  static TestConfig config(Path dir, TestDatabase db) {
    return new TestConfig(dir).target("shop", db).chatId("alice", "discord", ALICE)
        .chatId("bob", "discord", BOB).chatId("carol", "discord", CAROL)
        .chatId("eve", "discord", EVE)
        .groupOption("tech-owners", "discord_role: \"" + FakeDiscord.TECH_OWNERS_ROLE + "\"");
  }

  static DiscordSettings settings(FakeDiscord discord) {
    return new DiscordSettings(Secret.of(FakeDiscord.TOKEN, "test"),
        Optional.of(FakeDiscord.GUILD), Optional.of(CHANNEL),
        java.net.URI.create(discord.apiUrl()), java.net.URI.create(discord.gateway().url()),
        Duration.ofMillis(200));
  }

  DiscordAdapter adapter() {
    return adapter;
  }

  /** A JDA warning this test causes on purpose (an outage, a dropped connection). */
  void expectWarning(String containing) {
    expectedWarnings.add(containing);
  }

  /** {@code /name [sub] options…} typed by {@code user}; returns the interaction id. */
  String slash(String user, String name, String sub, Map<String, String> options) {
    return discord.slash(user, name, Optional.ofNullable(sub), options);
  }

  FakeDiscord.Ack ack(String interaction) {
    return Await.until("the ack of " + interaction, Duration.ofSeconds(5),
        () -> discord.ack(interaction));
  }

  /** The deferred answer, once Lifeboat has replaced it with its reply. */
  String answer(String interaction) {
    return Await.until("the answer to " + interaction, () -> discord.answer(interaction));
  }

  FakeDiscord.Message message(String what, Predicate<FakeDiscord.Message> match) {
    return showingChannel(() -> Await.until(what, () -> discord.messages(CHANNEL).stream()
        .filter(match).findFirst()));
  }

  /** The current state of a message, once it satisfies {@code match}. */
  FakeDiscord.Message messageAt(String id, String what, Predicate<FakeDiscord.Message> match) {
    return showingChannel(() -> Await.until(what, () -> discord.message(id).filter(match)));
  }

  /** A failed wait says what the channel showed instead. */
  private <T> T showingChannel(java.util.function.Supplier<T> wait) {
    try {
      return wait.get();
    } catch (AssertionError e) {
      StringBuilder shown = new StringBuilder(e.getMessage()).append("; the channel shows:");
      discord.messages(CHANNEL).forEach(m -> shown.append("\n--- ").append(m.content())
          .append("\n").append(m.embeds()));
      throw new AssertionError(shown.toString(), e);
    }
  }

  /** A backup of shop taken outside Discord, for restores to use. */
  void backupOutsideDiscord() throws Exception {
    RunInfo run = ((dev.lifeboat.command.Reply.RunAccepted) lifeboat.commands().execute(
        lifeboat.commands().access().person("alice"), new Command.BackupNow(Optional.empty()),
        Origin.of("test"))).run();
    RunState state = lifeboat.engine().completion(run.id()).get(2, TimeUnit.MINUTES);
    assertThat(state).isEqualTo(RunState.SUCCEEDED);
  }

  @Override
  public void close() {
    try {
      lifeboat.engine().awaitIdle(Duration.ofMinutes(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      adapter.close();
      lifeboat.close();
      discord.close();
      assertThat(logs.problems(expectedWarnings)).as("WARN/ERROR from net.dv8tion").isEmpty();
    } finally {
      logs.close();
    }
  }
}
