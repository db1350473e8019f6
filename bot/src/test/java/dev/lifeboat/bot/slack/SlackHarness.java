package dev.lifeboat.bot.slack;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Lifeboat on a real PostgreSQL database, the real Slack adapter (Bolt) and a fake Slack,
 * with the test config's people given Slack ids: alice (on call), bob (tech owner), carol
 * (DevOps lead), eve (in no group). Helpers send what Slack would send and wait for what a
 * person would see.
 */
final class SlackHarness implements AutoCloseable {
  static final String CHANNEL = "C0OPS";
  static final String ALICE = "U0ALICE";
  static final String BOB = "U0BOB";
  static final String CAROL = "U0CAROL";
  static final String EVE = "U0EVE";
  static final String STRANGER = "U0NOBODY";

  final FakeSlack slack;
  final Lifeboat lifeboat;
  final SlackSettings settings;
  final ChatPresenter presenter = new ChatPresenter();
  private SlackAdapter adapter;
  private final SlackLogWatch logs = new SlackLogWatch();
  private final AtomicInteger ids = new AtomicInteger();

  private SlackHarness(FakeSlack slack, Lifeboat lifeboat, SlackSettings settings) {
    this.slack = slack;
    this.lifeboat = lifeboat;
    this.settings = settings;
    lifeboat.events().subscribe(presenter);
    lifeboat.incidents().openChannelsThrough(presenter);
    this.adapter = SlackAdapter.start(lifeboat, presenter, settings);
  }

  SlackAdapter adapter() {
    return adapter;
  }

  /** A new adapter on the same Lifeboat, remembering nothing, as after a process restart. */
  void restartAdapter() {
    adapter.close();
    int before = slack.socketMode().connections();
    adapter = SlackAdapter.start(lifeboat, presenter, settings);
    Await.until("the new adapter's connection", () -> slack.socketMode().connections() > before
        && slack.socketMode().connected());
  }

  static SlackHarness start(Path dir, TestDatabase db) throws Exception {
    return start(dir, db, s -> s);
  }

  static SlackHarness start(Path dir, TestDatabase db,
      Function<SlackSettings, SlackSettings> tweak) throws Exception {
    return start(dir, db, tweak, c -> c);
  }

  /** @param config changes to the test config, e.g. a runbook of the test's own */
  static SlackHarness start(Path dir, TestDatabase db,
      Function<SlackSettings, SlackSettings> tweak,
      java.util.function.UnaryOperator<TestConfig> config) throws Exception {
    FakeSlack slack = new FakeSlack();
    Lifeboat lifeboat = config.apply(config(dir, db)).start();
    SlackSettings settings = tweak.apply(SlackSettings.socketMode(
        Secret.of(FakeSlack.BOT_TOKEN, "test"), Secret.of(FakeSlack.APP_TOKEN, "test"))
        .withApiUrl(slack.apiUrl()));
    SlackHarness h = new SlackHarness(slack, lifeboat, settings);
    if (settings.mode() == SlackSettings.Mode.SOCKET) {
      Await.until("the Socket Mode connection", () -> slack.socketMode().connected());
    }
    return h;
  }

  static Lifeboat lifeboat(Path dir, TestDatabase db) throws Exception {
    return config(dir, db).start();
  }

  /** The test config with the people's Slack ids, for tests that add to it. */
  static TestConfig config(Path dir, TestDatabase db) {
    return new TestConfig(dir).target("shop", db).chatId("alice", "slack", ALICE)
        .chatId("bob", "slack", BOB).chatId("carol", "slack", CAROL).chatId("eve", "slack", EVE);
  }

  /** The harness on a Lifeboat of the test's own config. */
  static SlackHarness start(Lifeboat lifeboat) throws Exception {
    FakeSlack slack = new FakeSlack();
    SlackSettings settings = SlackSettings.socketMode(Secret.of(FakeSlack.BOT_TOKEN, "test"),
        Secret.of(FakeSlack.APP_TOKEN, "test")).withApiUrl(slack.apiUrl());
    SlackHarness h = new SlackHarness(slack, lifeboat, settings);
    Await.until("the Socket Mode connection", () -> slack.socketMode().connected());
    return h;
  }

  /** Sends a slash command as {@code user} typed it; returns the envelope id. */
  String command(String user, String line) {
    int n = ids.incrementAndGet();
    String envelope = "env-cmd-" + n;
    slack.socketMode().send(envelope, commandEnvelope(envelope, user, line, "trigger-" + n,
        "cmd-" + n, 0));
    return envelope;
  }

  /** A slash command typed in another channel (an incident's own). */
  String command(String user, String line, String channel) {
    int n = ids.incrementAndGet();
    String envelope = "env-cmd-" + n;
    String[] parts = line.split(" ", 2);
    slack.socketMode().send(envelope, Envelopes.envelope(envelope, "slash_commands",
        Envelopes.slashCommand(user, channel, parts[0], parts.length > 1 ? parts[1] : "",
            "trigger-" + n, slack.responseUrl("cmd-" + n)), 0));
    return envelope;
  }

  String commandEnvelope(String envelope, String user, String line, String trigger,
      String response, int retry) {
    String[] parts = line.split(" ", 2);
    return Envelopes.envelope(envelope, "slash_commands", Envelopes.slashCommand(user, CHANNEL,
        parts[0], parts.length > 1 ? parts[1] : "", trigger, slack.responseUrl(response)), retry);
  }

  /** The answer only the person who typed the command sees. */
  FakeSlack.Response answer(String envelope) {
    String name = "cmd-" + envelope.substring("env-cmd-".length());
    return Await.until("an answer to " + envelope, () -> slack.responses().stream()
        .filter(r -> r.path().endsWith("/" + name)).findFirst());
  }

  FakeSocketMode.Ack ack(String envelope) {
    return Await.until("the ack of " + envelope, Duration.ofSeconds(5),
        () -> slack.socketMode().ack(envelope));
  }

  String click(String user, String messageTs, String actionId, long request) {
    int n = ids.incrementAndGet();
    String envelope = "env-click-" + n;
    slack.socketMode().send(envelope, Envelopes.envelope(envelope, "interactive",
        Envelopes.click(user, CHANNEL, messageTs, actionId, Long.toString(request),
            "1763900100." + n, slack.responseUrl("click-" + n)), 0));
    return envelope;
  }

  String react(String user, String reaction, String messageTs) {
    int n = ids.incrementAndGet();
    String envelope = "env-event-" + n;
    slack.socketMode().send(envelope, Envelopes.envelope(envelope, "events_api",
        Envelopes.reaction("Ev" + n, user, reaction, CHANNEL, messageTs), 0));
    return envelope;
  }

  /** A reaction on a message of another channel. */
  String react(String user, String reaction, String channel, String messageTs) {
    int n = ids.incrementAndGet();
    String envelope = "env-event-" + n;
    slack.socketMode().send(envelope, Envelopes.envelope(envelope, "events_api",
        Envelopes.reaction("Ev" + n, user, reaction, channel, messageTs), 0));
    return envelope;
  }

  FakeSlack.Message message(String what, Predicate<FakeSlack.Message> match) {
    return Await.until(what, () -> slack.messages(CHANNEL).stream().filter(match).findFirst());
  }

  /** The current state of a message, once it satisfies {@code match}. */
  FakeSlack.Message messageAt(String ts, String what, Predicate<FakeSlack.Message> match) {
    return Await.until(what, () -> slack.message(CHANNEL, ts).filter(match));
  }

  FakeSlack.Call ephemeral(String user, String containing) {
    return Await.until("an ephemeral message to " + user + " saying '" + containing + "'",
        () -> slack.calls("chat.postEphemeral").stream().filter(c -> c.param("user")
            .equals(user) && c.param("text").contains(containing)).findFirst());
  }

  /** A backup of shop taken outside Slack, for restores to use. */
  void backupOutsideSlack() throws Exception {
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
      slack.close();
      assertThat(logs.problems(List.of())).as("WARN/ERROR from com.slack").isEmpty();
    } finally {
      logs.close();
    }
  }
}
