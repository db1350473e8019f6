package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A chat platform in memory, for tests of the shared layer: it records every call with the
 * time it came, keeps each message's current content and thread, and fails the next calls
 * when told to, the way a platform under load or with a wrong channel would.
 */
public final class RecordingSurface<C> implements ChatSurface<C> {
  /** One call: "post", "edit", "thread" or "ephemeral", when, where and what. */
  public record Call(String method, long nanos, String channel, String id, Object content) {}

  private final LongSupplier nanos;
  private final List<Call> calls = new ArrayList<>();
  private final Map<Posted, C> messages = new LinkedHashMap<>();
  private final Map<Posted, List<String>> threads = new LinkedHashMap<>();
  private final Deque<ChatCallFailed> failures = new ArrayDeque<>();
  private int ids;

  public RecordingSurface(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The next call fails with a rate limit asking to wait {@code retryAfter}. */
  public synchronized void rateLimit(Duration retryAfter) {
    failures.add(new ChatCallFailed("ratelimited", true, Optional.of(retryAfter), null));
  }

  /** The next {@code times} calls fail as an outage does, without Retry-After. */
  public synchronized void outage(int times) {
    for (int i = 0; i < times; i++) {
      failures.add(new ChatCallFailed("service_unavailable", true, Optional.empty(), null));
    }
  }

  /** The next call fails for good (no such channel). */
  public synchronized void refuse() {
    failures.add(new ChatCallFailed("channel_not_found", false, Optional.empty(), null));
  }

  @Override
  public synchronized Posted post(String channel, C content) throws ChatCallFailed {
    record("post", channel, "", content);
    Posted at = new Posted(channel, "m" + (++ids));
    messages.put(at, content);
    return at;
  }

  @Override
  public synchronized void edit(Posted where, C content) throws ChatCallFailed {
    record("edit", where.channel(), where.id(), content);
    messages.put(where, content);
  }

  @Override
  public synchronized void postInThread(Posted where, String text) throws ChatCallFailed {
    record("thread", where.channel(), where.id(), text);
    threads.computeIfAbsent(where, w -> new ArrayList<>()).add(text);
  }

  @Override
  public synchronized void ephemeral(String channel, String user, String text)
      throws ChatCallFailed {
    record("ephemeral", channel, user, text);
  }

  private void record(String method, String channel, String id, Object content)
      throws ChatCallFailed {
    calls.add(new Call(method, nanos.getAsLong(), channel, id, content));
    ChatCallFailed failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public synchronized Map<Posted, C> messages() {
    return Map.copyOf(messages);
  }

  public synchronized List<String> thread(Posted where) {
    return List.copyOf(threads.getOrDefault(where, List.of()));
  }
}
