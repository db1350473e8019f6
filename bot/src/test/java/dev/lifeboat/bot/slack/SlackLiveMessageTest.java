package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.lifeboat.bot.chat.LiveMessage;
import dev.lifeboat.bot.chat.LiveMessages;
import dev.lifeboat.bot.chat.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared live messages on Slack's real client against the fake Slack: Slack's 429 with
 * Retry-After and its "channel_not_found" reach the shared retry logic as they should. The
 * logic itself is tested without a network or sleeping in LiveMessagesTest.
 */
class SlackLiveMessageTest {
  private static final Duration INTERVAL = Duration.ofMillis(300);

  private FakeSlack fake;
  private Slack slack;
  private ScheduledExecutorService scheduler;
  private LiveMessages<SlackMessage> out;
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeSlack();
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(fake.apiUrl());
    config.setStatsEnabled(false);
    slack = Slack.getInstance(config);
    scheduler = Executors.newScheduledThreadPool(2);
    out = new LiveMessages<>(new SlackCalls(slack.methods(FakeSlack.BOT_TOKEN)),
        Scheduler.of(scheduler), new LiveMessage.Pacing(INTERVAL, Duration.ofMillis(200),
            Duration.ofMinutes(1)), System::nanoTime, gaveUp::add);
  }

  @AfterEach
  void stop() throws Exception {
    scheduler.shutdownNow();
    slack.close();
    fake.close();
  }

  @Test
  void aRateLimitIsWaitedOutAndNothingIsLost() throws Exception {
    fake.fail("chat.postMessage", 429, Optional.of(1), 1);
    LiveMessage<SlackMessage> message = out.message("C1", p -> { });
    message.show(content("first"));
    message.show(content("final"));
    assertThat(out.awaitSettled(Duration.ofSeconds(10))).isTrue();

    List<FakeSlack.Call> posts = fake.calls("chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(Duration.ofNanos(posts.get(1).nanos() - posts.get(0).nanos()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    String ts = message.posted().orElseThrow().id();
    assertThat(fake.message("C1", ts).orElseThrow().text()).isEqualTo("final");
  }

  @Test
  void aChannelThatDoesNotExistIsGivenUpAtOnceAndReported() throws Exception {
    LiveMessage<SlackMessage> message = out.message(FakeSlack.GONE + "1", p -> { });
    message.show(content("hello"));
    message.thread("a line");
    assertThat(out.awaitSettled(Duration.ofSeconds(5))).isTrue();
    assertThat(fake.calls("chat.postMessage")).hasSize(1);
    assertThat(message.posted()).isEmpty();
    assertThat(gaveUp).singleElement().asString().contains("after 1 attempt")
        .contains("fix the channel");
  }

  @Test
  void threadLinesWaitForTheMessageAndGoOutInBatches() throws Exception {
    LiveMessage<SlackMessage> message = out.message("C1", p -> { });
    for (int i = 1; i <= 30; i++) {
      message.thread("line " + i);
    }
    message.show(content("the run"));
    assertThat(out.awaitSettled(Duration.ofSeconds(10))).isTrue();

    String ts = message.posted().orElseThrow().id();
    List<FakeSlack.Message> replies = fake.replies("C1", ts);
    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).text()).startsWith("line 1\nline 2\n").endsWith("line 30");
  }

  private static SlackMessage content(String text) {
    return new SlackMessage(text, List.of(section(s -> s.text(markdownText(text)))));
  }
}
