package dev.lifeboat.run;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A flag that steps watch, plus actions to run when it is raised (destroy a process, cancel a
 * statement), so a cancel or a timeout stops the work instead of waiting for it.
 */
public final class Cancellation {
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private volatile String reason;

  public void cancel(String why) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
    }
    for (Runnable action : actions) {
      action.run();
    }
  }

  public boolean isCancelled() {
    return reason != null;
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Runs {@code action} when cancelled (at once if already); returns a handle to unregister. */
  public AutoCloseable onCancel(Runnable action) {
    actions.add(action);
    if (isCancelled()) {
      action.run();
    }
    return () -> actions.remove(action);
  }

  /**
   * Waits {@code time} (a retry's delay) unless the run is cancelled first.
   *
   * @throws CancelledException when it was, so the step ends at once
   */
  public void pause(java.time.Duration time) throws InterruptedException {
    java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
    Runnable wake = cancelled::countDown;
    actions.add(wake);
    try {
      if (!isCancelled()) {
        cancelled.await(time.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    } finally {
      actions.remove(wake);
    }
    throwIfCancelled();
  }

  public void throwIfCancelled() {
    if (reason != null) {
      throw new CancelledException(reason);
    }
  }

  /** Thrown inside a step when its run was cancelled or its time ran out. */
  public static final class CancelledException extends RuntimeException {
    public CancelledException(String reason) {
      super(reason);
    }
  }
}
