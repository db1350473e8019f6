package dev.lifeboat.retention;

import java.time.Duration;

/**
 * Grandfather-father-son: keep the newest backup of each of the last {@code daily} days,
 * {@code weekly} weeks, {@code monthly} months and {@code yearly} years that have one, and in
 * any case the {@code minCount} newest and all younger than {@code minAge}.
 */
public record RetentionPolicy(int daily, int weekly, int monthly, int yearly, int minCount,
    Duration minAge) {

  public String describe() {
    return daily + " daily, " + weekly + " weekly, " + monthly + " monthly, " + yearly
        + " yearly, at least " + minCount + " and all younger than " + dev.lifeboat.run.Ago.of(minAge);
  }
}
