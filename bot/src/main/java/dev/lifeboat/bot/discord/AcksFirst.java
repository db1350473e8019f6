package dev.lifeboat.bot.discord;

import java.time.Duration;

/**
 * Acknowledgements go before work. Discord's 3 seconds for an acknowledgement are a hard
 * limit (past them the person sees "the application did not respond" and nothing runs), while
 * the work after it may take a moment longer: so, in a burst of commands, work waits until the
 * acknowledgements still on their way are through, for at most {@code patience}, and never
 * takes the cores from them.
 */
final class AcksFirst {
  private final Duration patience;
  // Guarded by this.
  private int sending;

  AcksFirst(Duration patience) {
    this.patience = patience;
  }

  /** An acknowledgement is on its way. */
  synchronized void sending() {
    sending++;
  }

  /** An acknowledgement arrived, or failed. */
  synchronized void sent() {
    sending--;
    if (sending <= 0) {
      sending = 0;
      notifyAll();
    }
  }

  /** Waits until no acknowledgement is on its way, or the patience is used up. */
  synchronized void awaitQuiet() throws InterruptedException {
    long end = System.nanoTime() + patience.toNanos();
    while (sending > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
