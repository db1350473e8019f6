package dev.lifeboat.bot.slack;

import com.slack.api.model.block.LayoutBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Slack message that Lifeboat keeps up to date (a run's progress, an approval request), plus
 * its thread. Callers say what the message should show now; this class posts it once and then
 * edits it, at most once per interval, always ending with the newest content. A rate limit
 * (429 with Retry-After) or an outage delays the edit, never loses it: only the newest content
 * is kept meanwhile, so the final state is what gets through.
 *
 * <p>Never blocks the caller: engine threads publish events, Slack calls happen on the
 * scheduler.
 */
final class LiveMessage {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMessage.class);
  private static final int REPLY_CHARACTERS = 3500;
  private static final int MAX_BUFFERED_LINES = 400;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** What the message shows: the notification text and the blocks people see. */
  record Content(String text, List<LayoutBlock> blocks) {
    Content {
      blocks = List.copyOf(blocks);
    }
  }

  /** Timing and retry limits; tests shorten them. */
  record Pacing(Duration interval, Duration firstBackoff, Duration giveUpAfter) {
    static Pacing of(Duration interval) {
      return new Pacing(interval, Duration.ofSeconds(1), Duration.ofHours(24));
    }
  }

  private final SlackCalls slack;
  private final ScheduledExecutorService scheduler;
  private final String channel;
  private final Pacing pacing;
  private final Consumer<SlackCalls.Posted> onPosted;
  private final Consumer<LiveMessage> onBusy;
  private final LongSupplier nanos;

  // All mutable state is guarded by this.
  private String ts;
  private Content wanted;
  private final List<String> threadLines = new ArrayList<>();
  private int droppedLines;
  private boolean busy;
  private long lastCall;
  private boolean called;
  private int failures;
  private long failingSince;
  private boolean abandoned;

  /**
   * @param onPosted told where the message is once Slack has it
   * @param onBusy told each time the message has something to send, so whoever closes the
   *     adapter can wait for it
   */
  LiveMessage(SlackCalls slack, ScheduledExecutorService scheduler, String channel,
      Pacing pacing, Consumer<SlackCalls.Posted> onPosted, Consumer<LiveMessage> onBusy,
      LongSupplier nanos) {
    this.slack = slack;
    this.scheduler = scheduler;
    this.channel = channel;
    this.pacing = pacing;
    this.onPosted = onPosted;
    this.onBusy = onBusy;
    this.nanos = nanos;
  }

  /** Makes this the message already at {@code ts}: later content edits it. */
  synchronized LiveMessage at(String existingTs) {
    ts = existingTs;
    return this;
  }

  String channel() {
    return channel;
  }

  /** Where the message is, once posted. */
  synchronized java.util.Optional<String> ts() {
    return java.util.Optional.ofNullable(ts);
  }

  /** The message should show {@code content}; earlier content not yet sent is dropped. */
  synchronized void show(Content content) {
    if (abandoned) {
      return;
    }
    wanted = content;
    schedule();
  }

  /** A line for the message's thread (details, logs); lines are batched into few replies. */
  synchronized void thread(String line) {
    if (abandoned) {
      return;
    }
    if (threadLines.size() >= MAX_BUFFERED_LINES) {
      threadLines.remove(0);
      droppedLines++;
    }
    threadLines.add(line);
    schedule();
  }

  /** True when everything asked for has reached Slack (or was given up on). */
  synchronized boolean settled() {
    return !busy && wanted == null && (ts == null || threadLines.isEmpty());
  }

  private void schedule() {
    if (busy) {
      return;
    }
    busy = true;
    onBusy.accept(this);
    long wait = 0;
    if (called) {
      wait = Math.max(0, lastCall + pacing.interval().toNanos() - nanos.getAsLong());
    }
    submit(wait);
  }

  private void submit(long waitNanos) {
    try {
      scheduler.schedule(this::flush, waitNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The adapter is closing; nothing more can be sent.
      busy = false;
    }
  }

  private void flush() {
    Content content;
    String at;
    synchronized (this) {
      content = wanted;
      wanted = null;
      at = ts;
    }
    boolean sent = false;
    try {
      if (content != null) {
        sent = true;
        if (at == null) {
          SlackCalls.Posted posted = slack.post(channel, content.text(), content.blocks());
          synchronized (this) {
            ts = posted.ts();
            at = ts;
          }
          onPosted.accept(posted);
        } else {
          slack.update(channel, at, content.text(), content.blocks());
        }
        content = null;
      }
      if (at != null) {
        sent |= replyWithLines(at);
      }
      synchronized (this) {
        failures = 0;
        afterCall(sent);
      }
    } catch (SlackCallFailed e) {
      synchronized (this) {
        if (content != null && wanted == null) {
          wanted = content;
        }
        retryOrGiveUp(e);
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        LOG.warn("Slack message in {} could not be sent: {}", channel, e.toString());
        busy = false;
      }
    }
  }

  private boolean replyWithLines(String at) throws SlackCallFailed {
    List<String> batch = new ArrayList<>();
    int dropped;
    synchronized (this) {
      int size = 0;
      while (!threadLines.isEmpty() && (batch.isEmpty()
          || size + threadLines.get(0).length() < REPLY_CHARACTERS)) {
        String line = threadLines.remove(0);
        size += line.length() + 1;
        batch.add(line);
      }
      dropped = droppedLines;
      droppedLines = 0;
    }
    if (batch.isEmpty()) {
      return false;
    }
    String text = (dropped > 0 ? "_(" + dropped + " earlier lines skipped)_\n" : "")
        + String.join("\n", batch);
    try {
      slack.reply(channel, at, Mrkdwn.truncate(text, REPLY_CHARACTERS + 200));
    } catch (SlackCallFailed e) {
      synchronized (this) {
        threadLines.addAll(0, batch);
        droppedLines += dropped;
      }
      throw e;
    }
    return true;
  }

  private void afterCall(boolean sent) {
    if (sent) {
      lastCall = nanos.getAsLong();
      called = true;
    }
    busy = false;
    if (wanted != null || (ts != null && !threadLines.isEmpty())) {
      schedule();
    }
  }

  private void retryOrGiveUp(SlackCallFailed e) {
    long now = nanos.getAsLong();
    if (failures == 0) {
      failingSince = now;
    }
    failures++;
    boolean tooLong = now - failingSince > pacing.giveUpAfter().toNanos();
    if (!e.retryable() || tooLong) {
      LOG.warn("Gave up on a Slack message in {} after {} attempt(s): {}{}", channel, failures,
          e.getMessage(), e.retryable() ? "" : " (fix the channel or the app's scopes)");
      // Later content would fail the same way (no such channel, token revoked): stop here
      // instead of logging the same warning for every step of the run.
      abandoned = true;
      wanted = null;
      threadLines.clear();
      busy = false;
      return;
    }
    Duration wait = e.retryAfter().orElseGet(() -> backoff(failures));
    LOG.debug("Slack message in {}: {}; trying again in {}", channel, e.getMessage(), wait);
    lastCall = now;
    called = true;
    submit(Math.max(wait.toNanos(), pacing.interval().toNanos()));
  }

  private Duration backoff(int attempt) {
    Duration d = pacing.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
