package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat message that Lifeboat keeps up to date (a run's progress, an approval request), plus
 * its thread. Callers say what the message should show now; this class posts it once and then
 * edits it, at most once per interval, always ending with the newest content. A rate limit
 * (429 with Retry-After) or an outage delays the edit, never loses it: only the newest content
 * is kept meanwhile, so the final state is what gets through.
 *
 * <p>Never blocks the caller: engine threads publish events, platform calls happen on the
 * scheduler. Time comes from the injected ticker, so tests need no sleeping.
 */
public final class LiveMessage<C> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMessage.class);
  private static final int REPLY_CHARACTERS = 3500;
  private static final int MAX_BUFFERED_LINES = 400;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /**
   * Timing and retry limits: at most one call per {@code interval} (the platform's rate), the
   * first backoff without Retry-After, and how long the final state is retried before giving
   * up.
   */
  public record Pacing(Duration interval, Duration firstBackoff, Duration giveUpAfter) {
    public static Pacing of(Duration interval) {
      return new Pacing(interval, Duration.ofSeconds(1), Duration.ofHours(24));
    }
  }

  private final ChatSurface<C> surface;
  private final Scheduler scheduler;
  private final String channel;
  private final Pacing pacing;
  private final Consumer<ChatSurface.Posted> onPosted;
  private final Consumer<LiveMessage<C>> onBusy;
  private final Consumer<String> onGiveUp;
  private final LongSupplier nanos;

  // All mutable state is guarded by this.
  private String ts;
  private C wanted;
  private final List<String> threadLines = new ArrayList<>();
  private int droppedLines;
  private boolean busy;
  private long lastCall;
  private boolean called;
  private int failures;
  private long failingSince;
  private boolean abandoned;

  /**
   * @param onPosted told where the message is once the platform has it
   * @param onBusy told each time the message has something to send, so whoever closes the
   *     adapter can wait for it
   * @param onGiveUp told why, when the message is given up on
   */
  LiveMessage(ChatSurface<C> surface, Scheduler scheduler, String channel, Pacing pacing,
      Consumer<ChatSurface.Posted> onPosted, Consumer<LiveMessage<C>> onBusy,
      Consumer<String> onGiveUp, LongSupplier nanos) {
    this.surface = surface;
    this.scheduler = scheduler;
    this.channel = channel;
    this.pacing = pacing;
    this.onPosted = onPosted;
    this.onBusy = onBusy;
    this.onGiveUp = onGiveUp;
    this.nanos = nanos;
  }

  /** Makes this the message already at {@code id}: later content edits it. */
  synchronized LiveMessage<C> at(String existingId) {
    ts = existingId;
    return this;
  }

  public String channel() {
    return channel;
  }

  /** Where the message is, once posted. */
  public synchronized Optional<ChatSurface.Posted> posted() {
    return Optional.ofNullable(ts).map(id -> new ChatSurface.Posted(channel, id));
  }

  /** The message should show {@code content}; earlier content not yet sent is dropped. */
  public synchronized void show(C content) {
    if (abandoned) {
      return;
    }
    wanted = content;
    schedule();
  }

  /** A line for the message's thread (details, logs); lines are batched into few replies. */
  public synchronized void thread(String line) {
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

  /** True when everything asked for has reached the platform (or was given up on). */
  public synchronized boolean settled() {
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
      scheduler.schedule(this::flush, Duration.ofNanos(waitNanos));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The adapter is closing; nothing more can be sent.
      busy = false;
    }
  }

  private void flush() {
    C content;
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
          ChatSurface.Posted posted = surface.post(channel, content);
          synchronized (this) {
            ts = posted.id();
            at = ts;
          }
          onPosted.accept(posted);
        } else {
          surface.edit(new ChatSurface.Posted(channel, at), content);
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
    } catch (ChatCallFailed e) {
      synchronized (this) {
        if (content != null && wanted == null) {
          wanted = content;
        }
        retryOrGiveUp(e);
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        LOG.warn("A message in {} could not be sent: {}", channel, e.toString());
        busy = false;
      }
    }
  }

  private boolean replyWithLines(String at) throws ChatCallFailed {
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
    String text = (dropped > 0 ? "(" + dropped + " earlier lines skipped)\n" : "")
        + String.join("\n", batch);
    try {
      surface.postInThread(new ChatSurface.Posted(channel, at), text);
    } catch (ChatCallFailed e) {
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

  private void retryOrGiveUp(ChatCallFailed e) {
    long now = nanos.getAsLong();
    if (failures == 0) {
      failingSince = now;
    }
    failures++;
    boolean tooLong = now - failingSince > pacing.giveUpAfter().toNanos();
    if (!e.retryable() || tooLong) {
      onGiveUp.accept("Gave up on a message in " + channel + " after " + failures
          + (failures == 1 ? " attempt: " : " attempts: ") + e.getMessage()
          + (e.retryable() ? "" : " (fix the channel or the app's scopes)"));
      // Later content would fail the same way (no such channel, token revoked): stop here
      // instead of logging the same warning for every step of the run.
      abandoned = true;
      wanted = null;
      threadLines.clear();
      busy = false;
      return;
    }
    Duration wait = e.retryAfter().orElseGet(() -> backoff(failures));
    LOG.debug("Message in {}: {}; trying again in {}", channel, e.getMessage(), wait);
    lastCall = now;
    called = true;
    submit(Math.max(wait.toNanos(), pacing.interval().toNanos()));
  }

  private Duration backoff(int attempt) {
    Duration d = pacing.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
