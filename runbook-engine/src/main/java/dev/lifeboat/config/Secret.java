package dev.lifeboat.config;

import java.util.Objects;

/**
 * A password, token or connection string. {@link #toString()} never shows the value, so no log
 * line, exception message or chat message can leak one by accident; code that really needs the
 * value calls {@link #reveal()}, which is easy to find in a review.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = Objects.requireNonNull(value);
    this.origin = origin;
  }

  /** A secret read from {@code origin}, e.g. "env SHOP_DB_PASSWORD"; the origin may be shown. */
  public static Secret of(String value, String origin) {
    return new Secret(value, origin);
  }

  public String reveal() {
    return value;
  }

  public String origin() {
    return origin;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***(" + origin + ")";
  }
}
