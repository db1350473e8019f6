package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A yes or no reaction, as every adapter hands it to the shared layer: on a run's message while
 * its checklist waits it answers it; on any other message it is only a reaction.
 */
@ExtendWith(PostgresExtension.class)
class ChatReactionsIT {
  private static final Origin CHAT = new Origin("slack", "C1", "");
  private static final String ASKING_VERIFY = """
      name: verify
      params: {backup: {default: latest}, target: {}}
      steps:
        - id: confirm
          uses: ask
          timeout: 5m
          with: {prompt: "Log in works?", from: [tech-owners]}
      """;

  @TempDir Path dir;
  private Lifeboat lifeboat;
  private ChatInbound inbound;
  private ChatReactions reactions;
  private final ManualTime time = new ManualTime();
  private final RecordingSurface<String> surface = new RecordingSurface<>(time::nanos);

  @BeforeEach
  void start(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    lifeboat = new TestConfig(dir).target("shop", db).runbook("verify", ASKING_VERIFY)
        .chatId("alice", "slack", "UALICE").chatId("bob", "slack", "UBOB")
        .chatId("eve", "slack", "UEVE").start();
    LiveMessages<String> out = new LiveMessages<>(surface, time,
        LiveMessage.Pacing.of(Duration.ofMillis(1200)), time::nanos, reason -> { });
    ChatBoard<String> board = new ChatBoard<>("slack", out, new PlainRenderer(),
        lifeboat.messages(), new Channels("slack", Optional.empty())::of);
    ChatPresenter presenter = new ChatPresenter();
    presenter.add(board);
    lifeboat.events().subscribe(presenter);
    inbound = new ChatInbound("slack", lifeboat.commands());
    reactions = new ChatReactions(inbound, board);
    long backup = ((Reply.RunAccepted) inbound.command("UALICE", "/backup now", CHAT).reply()
        .orElseThrow()).run().id();
    assertThat(lifeboat.engine().completion(backup).get(2, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
  }

  @AfterEach
  void stop() throws Exception {
    lifeboat.engine().awaitIdle(Duration.ofMinutes(1));
    lifeboat.close();
  }

  @Test
  void aYesOnTheWaitingRunContinuesItAndAfterwardsAnswersNothing() throws Exception {
    long run = ((Reply.RunAccepted) inbound.command("UALICE", "/verify", CHAT).reply()
        .orElseThrow()).run().id();
    ChatSurface.Posted message = waitingMessage(run);

    Optional<ChatInbound.Answer> refused = reactions.react("UEVE", message, true);
    assertThat(refused).hasValueSatisfying(a -> {
      assertThat(a.reply()).isEmpty();
      assertThat(dev.lifeboat.present.Line.plain(a.lines()))
          .contains("only members of tech-owners may answer r" + run);
    });
    Optional<ChatInbound.Answer> answered = reactions.react("UBOB", message, true);

    assertThat(answered).hasValueSatisfying(a -> assertThat(a.reply()).containsInstanceOf(
        Reply.Answered.class));
    assertThat(lifeboat.engine().completion(run).get(1, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
    // Praise on the finished run, or a reaction on a message that is not ours: no answer.
    assertThat(reactions.react("UBOB", message, true)).isEmpty();
    assertThat(reactions.react("UBOB", new ChatSurface.Posted("C1", "not-ours"), false))
        .isEmpty();
  }

  /** The run's message, once it shows the question. */
  private ChatSurface.Posted waitingMessage(long run) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      time.advance(Duration.ofSeconds(2));
      Optional<ChatSurface.Posted> posted = surface.messages().entrySet().stream()
          .filter(e -> e.getValue().startsWith("r" + run + " ")
              && e.getValue().contains("Log in works?")).map(java.util.Map.Entry::getKey)
          .findFirst();
      if (posted.isPresent() && inbound.waitsForAnswer(run)) {
        return posted.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("r" + run + " never showed its question: " + surface.messages());
  }
}
