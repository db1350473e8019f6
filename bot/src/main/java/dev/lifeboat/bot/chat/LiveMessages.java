package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an adapter sends goes through here, on the scheduler's threads: live messages
 * (posted once, then edited at the platform's pace, the final state retried until it lands)
 * and one-off ephemeral answers. Keeps track of messages with something left to send, so
 * closing the adapter can wait for final states. Messages given up on are reported.
 */
public final class LiveMessages<C> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMessages.class);

  private final ChatSurface<C> surface;
  private final Scheduler scheduler;
  private final LiveMessage.Pacing pacing;
  private final LongSupplier nanos;
  private final Consumer<String> onGiveUp;
  private final Set<LiveMessage<C>> active = ConcurrentHashMap.newKeySet();

  /**
   * @param nanos the ticker: {@code System::nanoTime}, or a test's hand-moved clock
   * @param onGiveUp told, in words for the operators' log, about each message given up on
   */
  public LiveMessages(ChatSurface<C> surface, Scheduler scheduler, LiveMessage.Pacing pacing,
      LongSupplier nanos, Consumer<String> onGiveUp) {
    this.surface = surface;
    this.scheduler = scheduler;
    this.pacing = pacing;
    this.nanos = nanos;
    this.onGiveUp = onGiveUp;
  }

  /** A new message in {@code channel}; it is posted when it is first shown. */
  public LiveMessage<C> message(String channel, Consumer<ChatSurface.Posted> onPosted) {
    active.removeIf(LiveMessage::settled);
    return new LiveMessage<>(surface, scheduler, channel, pacing, onPosted, active::add,
        onGiveUp, nanos);
  }

  /** The message already at {@code where}: shown content edits it. */
  public LiveMessage<C> existing(ChatSurface.Posted where) {
    return message(where.channel(), p -> { }).at(where.id());
  }

  /** An answer only {@code user} sees. Best effort, never blocks. */
  public void ephemeral(String channel, String user, String text) {
    try {
      scheduler.schedule(() -> {
        try {
          surface.ephemeral(channel, user, text);
        } catch (ChatCallFailed e) {
          LOG.warn("Could not tell {} in {}: {}", user, channel, e.getMessage());
        }
      }, Duration.ZERO);
    } catch (RejectedExecutionException e) {
      LOG.warn("Closing: could not tell {} in {}", user, channel);
    }
  }

  /**
   * A new channel for an incident, asked for at once on the caller's thread (a command's): the
   * incident's first messages go there, so it must exist before they are sent.
   */
  public java.util.Optional<String> openChannel(String name, java.util.List<String> members) {
    try {
      return surface.openChannel(name, members);
    } catch (ChatCallFailed e) {
      LOG.warn("Could not open the channel {}: {}; the incident stays where it was started",
          name, e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** The text of a message, when the platform lets us read it; empty otherwise. */
  public java.util.Optional<String> read(ChatSurface.Posted where) {
    try {
      return surface.read(where);
    } catch (ChatCallFailed e) {
      LOG.warn("Could not read the message {} in {}: {}", where.id(), where.channel(),
          e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** True when every message has reached the platform or was given up on. */
  public boolean settled() {
    return active.stream().allMatch(LiveMessage::settled);
  }

  /** Waits until every message has reached the platform or {@code timeout} passed. */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!settled()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
