package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ticker and a scheduler whose time only moves when a test says so: tasks run on the test's
 * thread, in the order they are due, so nothing sleeps and nothing races.
 */
final class ManualTime implements Scheduler {
  private record Task(long due, long order, Runnable run) {}

  private final AtomicLong nanos = new AtomicLong();
  private final List<Task> tasks = new ArrayList<>();
  private long order;

  long nanos() {
    return nanos.get();
  }

  @Override
  public synchronized void schedule(Runnable task, Duration delay) {
    tasks.add(new Task(nanos.get() + delay.toNanos(), order++, task));
  }

  /** Runs what is due now, including what those tasks schedule for now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves time forward, running each task when its time comes. */
  void advance(Duration by) {
    long end = nanos.get() + by.toNanos();
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream().filter(t -> t.due() <= end)
            .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order))
            .orElse(null);
        if (next == null) {
          break;
        }
        tasks.remove(next);
        nanos.set(Math.max(nanos.get(), next.due()));
      }
      next.run().run();
    }
    nanos.set(end);
  }

  synchronized int pending() {
    return tasks.size();
  }
}
