package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coalescing, Retry-After, the final state retried until it lands, and giving up, with time
 * moved by hand: no network, no sleeping, no timing assertions against a real clock.
 */
class LiveMessagesTest {
  private static final Duration INTERVAL = Duration.ofMillis(1200);

  private final ManualTime time = new ManualTime();
  private final RecordingSurface<String> surface = new RecordingSurface<>(time::nanos);
  private final List<String> gaveUp = new ArrayList<>();
  private final LiveMessages<String> out = new LiveMessages<>(surface, time,
      new LiveMessage.Pacing(INTERVAL, Duration.ofSeconds(1), Duration.ofMinutes(10)),
      time::nanos, gaveUp::add);

  @Test
  void aBurstBecomesOnePostAndOneEditWithTheNewestContent() {
    LiveMessage<String> message = out.message("C1", p -> { });
    message.show("step 1");
    time.runDue();
    for (int i = 2; i <= 200; i++) {
      message.show("step " + i);
    }
    time.advance(Duration.ofSeconds(10));

    assertThat(surface.calls("post")).hasSize(1);
    assertThat(surface.calls("edit")).singleElement()
        .satisfies(c -> assertThat(c.content()).isEqualTo("step 200"));
    assertThat(surface.calls("edit").get(0).nanos() - surface.calls("post").get(0).nanos())
        .as("one interval after the post").isEqualTo(INTERVAL.toNanos());
    assertThat(out.settled()).isTrue();
  }

  @Test
  void aRateLimitIsWaitedOutForItsRetryAfterAndNothingIsLost() {
    LiveMessage<String> message = out.message("C1", p -> { });
    message.show("first");
    time.runDue();
    surface.rateLimit(Duration.ofSeconds(5));
    message.show("second");
    time.advance(INTERVAL);
    message.show("final");
    time.advance(Duration.ofSeconds(3));
    assertThat(surface.calls("edit")).as("still waiting for Retry-After").hasSize(1);

    time.advance(Duration.ofSeconds(10));
    List<RecordingSurface.Call> edits = surface.calls("edit");
    assertThat(edits).hasSize(2);
    assertThat(edits.get(1).nanos() - edits.get(0).nanos())
        .isEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(surface.messages().values()).containsExactly("final");
  }

  @Test
  void theFinalStateIsRetriedThroughAnOutageWithGrowingBackoff() {
    LiveMessage<String> message = out.message("C1", p -> { });
    message.show("running");
    time.runDue();
    surface.outage(4);
    message.show("succeeded");
    time.advance(Duration.ofMinutes(2));

    assertThat(surface.calls("edit")).hasSize(5);
    assertThat(surface.messages().values()).containsExactly("succeeded");
    assertThat(gaveUp).isEmpty();
  }

  @Test
  void aHopelessChannelIsGivenUpAtOnceAndReported() {
    LiveMessage<String> message = out.message("C404", p -> { });
    surface.refuse();
    message.show("hello");
    message.thread("a line");
    time.advance(Duration.ofMinutes(1));
    message.show("later content is not even tried");
    time.advance(Duration.ofMinutes(1));

    assertThat(surface.calls("post")).hasSize(1);
    assertThat(surface.calls("thread")).isEmpty();
    assertThat(gaveUp).singleElement().asString().contains("C404").contains("channel_not_found")
        .contains("fix the channel or the app's scopes");
    assertThat(out.settled()).isTrue();
  }

  @Test
  void aMessageFailingForLongerThanTheLimitIsGivenUpAndReported() {
    LiveMessages<String> patient = new LiveMessages<>(surface, time, new LiveMessage.Pacing(
        INTERVAL, Duration.ofSeconds(1), Duration.ofSeconds(30)), time::nanos, gaveUp::add);
    LiveMessage<String> message = patient.message("C1", p -> { });
    surface.outage(100);
    message.show("hello");
    time.advance(Duration.ofMinutes(5));

    assertThat(gaveUp).singleElement().asString().contains("attempts: service_unavailable");
    assertThat(patient.settled()).isTrue();
  }

  @Test
  void threadLinesWaitForTheMessageAndGoOutInOneReply() {
    List<ChatSurface.Posted> posted = new ArrayList<>();
    LiveMessage<String> message = out.message("C1", posted::add);
    for (int i = 1; i <= 30; i++) {
      message.thread("line " + i);
    }
    time.advance(Duration.ofMinutes(1));
    assertThat(surface.calls("thread")).as("no message yet to reply under").isEmpty();

    message.show("the run");
    time.advance(Duration.ofMinutes(1));
    assertThat(posted).singleElement();
    assertThat(surface.thread(posted.get(0))).singleElement().asString()
        .startsWith("line 1\nline 2\n").endsWith("line 30");
  }
}
