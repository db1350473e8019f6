package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live message against the fake Slack through the real Slack client: coalesced edits that
 * end in the newest content, Retry-After honoured, hopeless errors given up at once, thread
 * lines batched.
 */
class SlackLiveMessageTest {
  private static final Duration INTERVAL = Duration.ofMillis(300);

  private FakeSlack fake;
  private Slack slack;
  private ScheduledExecutorService scheduler;
  private Outbox outbox;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSlack();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiUrl());
    config.setStatsEnabled(false);
    slack = Slack.getInstance(config);
    scheduler = Executors.newScheduledThreadPool(2);
    outbox = new Outbox(new SlackCalls(slack.methods(FakeSlack.BOT_TOKEN)), scheduler,
        new LiveMessage.Pacing(INTERVAL, Duration.ofMillis(200), Duration.ofMinutes(1)));
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.shutdownNow();
    slack.close();
    fake.close();
  }

  @Test
  void aBurstOfChangesBecomesOnePostAndFewEditsEndingWithTheNewest() throws Exception {
    LiveMessage message = outbox.message("C1", p -> {});
    for (int i = 1; i <= 200; i++) {
      message.show(content("step " + i));
    }
    assertThat(outbox.awaitSettled(Duration.ofSeconds(10))).isTrue();

    String ts = message.ts().orElseThrow();
    assertThat(fake.message("C1", ts).orElseThrow().text()).isEqualTo("step 200");
    assertThat(fake.calls("chat.postMessage")).hasSize(1);
    assertThat(fake.calls("chat.update")).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  void aRateLimitIsWaitedOutAndNothingIsLost() throws Exception {
    fake.fail("chat.postMessage", 429, Optional.of(1), 1);
    LiveMessage message = outbox.message("C1", p -> {});
    message.show(content("first"));
    Thread.sleep(100);
    message.show(content("final"));
    assertThat(outbox.awaitSettled(Duration.ofSeconds(10))).isTrue();

    List<FakeSlack.Call> posts = fake.calls("chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(Duration.ofNanos(posts.get(1).nanos() - posts.get(0).nanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    assertThat(fake.message("C1", message.ts().orElseThrow()).orElseThrow().text())
        .isEqualTo("final");
  }

  @Test
  void aChannelThatDoesNotExistIsGivenUpAtOnce() throws Exception {
    LiveMessage message = outbox.message(FakeSlack.GONE + "1", p -> {});
    message.show(content("hello"));
    message.thread("a line");
    assertThat(outbox.awaitSettled(Duration.ofSeconds(5))).isTrue();
    assertThat(fake.calls("chat.postMessage")).hasSize(1);
    assertThat(message.ts()).isEmpty();
  }

  @Test
  void threadLinesWaitForTheMessageAndGoOutInBatches() throws Exception {
    LiveMessage message = outbox.message("C1", p -> {});
    for (int i = 1; i <= 30; i++) {
      message.thread("line " + i);
    }
    message.show(content("the run"));
    assertThat(outbox.awaitSettled(Duration.ofSeconds(10))).isTrue();

    String ts = message.ts().orElseThrow();
    List<FakeSlack.Message> replies = fake.replies("C1", ts);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).text()).startsWith("line 1\nline 2\n").endsWith("line 30");
  }

  private static LiveMessage.Content content(String text) {
    return new LiveMessage.Content(text, List.of(section(s -> s.text(markdownText(text)))));
  }
}
