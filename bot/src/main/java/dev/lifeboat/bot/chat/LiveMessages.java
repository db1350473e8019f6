package dev.lifeboat.bot.slack;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the adapter sends to Slack goes through here, on its own threads: live messages
 * (posted once, then edited at a steady pace) and one-off ephemeral answers. Keeps track of
 * messages with something left to send, so closing the adapter can wait for final states.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final SlackCalls calls;
  private final ScheduledExecutorService scheduler;
  private final LiveMessage.Pacing pacing;
  private final Set<LiveMessage> active = ConcurrentHashMap.newKeySet();

  Outbox(SlackCalls calls, ScheduledExecutorService scheduler, LiveMessage.Pacing pacing) {
    this.calls = calls;
    this.scheduler = scheduler;
    this.pacing = pacing;
  }

  SlackCalls calls() {
    return calls;
  }

  /** A new message in {@code channel}; it is posted when it is first shown. */
  LiveMessage message(String channel, Consumer<SlackCalls.Posted> onPosted) {
    active.removeIf(LiveMessage::settled);
    return new LiveMessage(calls, scheduler, channel, pacing, onPosted, active::add,
        System::nanoTime);
  }

  /** An ephemeral answer to {@code user}: only they see it. Best effort, never blocks. */
  void ephemeral(String channel, String user, String text) {
    try {
      scheduler.execute(() -> {
        try {
          calls.ephemeral(channel, user, Mrkdwn.truncate(text, Mrkdwn.SECTION));
        } catch (SlackCallFailed e) {
          LOG.warn("Could not tell {} in {}: {}", user, channel, e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("Closing: could not tell {} in {}", user, channel);
    }
  }

  /** Waits until every message has reached Slack or {@code timeout} passed. */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (active.stream().allMatch(LiveMessage::settled)) {
        return true;
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
  }
}
