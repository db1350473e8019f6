package dev.lifeboat.target;

import java.time.Duration;

/**
 * How long the databases a side-by-side restore replaced ({@code <db>_before_<time>}) are kept
 * for rollback: the {@code count} newest, each for at most {@code maxAge}. Older ones are
 * dropped after the next restore and by {@code serve} as they expire, so they never pile up.
 *
 * @param count how many to keep; 0 drops the replaced database right after the swap
 */
public record KeepPrevious(int count, Duration maxAge) {
  /** The newest one, for 7 days. */
  public static final KeepPrevious DEFAULT = new KeepPrevious(1, Duration.ofDays(7));

  public KeepPrevious {
    if (count < 0 || maxAge.isNegative()) {
      throw new IllegalArgumentException("count and maxAge must not be negative");
    }
  }
}
