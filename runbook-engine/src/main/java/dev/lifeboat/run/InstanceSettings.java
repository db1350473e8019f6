package dev.lifeboat.run;

import java.time.Duration;

/**
 * How an instance holds its runs ({@code instance:} in lifeboat.yaml).
 *
 * @param lease how long a run stays owned without a renewal; the owner renews every third of it,
 *     and another instance takes over (tidies, marks interrupted) only once it has run out
 * @param shutdownGrace on SIGTERM, how long going runs may take to finish before they are
 *     cancelled and cleaned up
 */
public record InstanceSettings(Duration lease, Duration shutdownGrace) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  /** Below Docker's 10 s between SIGTERM and SIGKILL, leaving time to cancel and post. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

  public static InstanceSettings defaults() {
    return new InstanceSettings(DEFAULT_LEASE, DEFAULT_SHUTDOWN_GRACE);
  }
}
