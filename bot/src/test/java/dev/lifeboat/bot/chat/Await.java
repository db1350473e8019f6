package dev.lifeboat.bot.chat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something asynchronous to show, polling; fails with what it was waiting for. */
public final class Await {
  public static final Duration DEFAULT = Duration.ofSeconds(30);

  private Await() {}

  public static <T> T until(String what, Supplier<Optional<T>> probe) {
    return until(what, DEFAULT, probe);
  }

  public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for "
            + what);
      }
      pause();
    }
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
