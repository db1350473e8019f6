package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs work later; injected so tests move time forward by hand instead of sleeping.
 */
public interface Scheduler {
  /** @throws RejectedExecutionException when the adapter is closing */
  void schedule(Runnable task, Duration delay);

  static Scheduler of(ScheduledExecutorService executor) {
    return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * The timer only keeps time; each task runs on {@code work} (virtual threads), so a platform
   * call that blocks on the network holds no timer thread.
   */
  static Scheduler of(ScheduledExecutorService timer, java.util.concurrent.Executor work) {
    return (task, delay) -> timer.schedule(() -> {
      try {
        work.execute(task);
      } catch (RejectedExecutionException e) {
        // Closing: nothing more is sent.
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }
}
