package dev.lifeboat.present;

import java.util.Locale;

/** Numbers the way people read them: "1 table", "1,234 rows". */
public final class Words {
  private Words() {}

  /** {@code n} and the word, in the plural unless n is 1: "1 table", "3 tables". */
  public static String count(long n, String word) {
    return String.format(Locale.ROOT, "%,d", n) + " " + (n == 1 ? word : word + "s");
  }

  public static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The first line of a message, at most {@code max} characters. */
  public static String firstLine(String text, int max) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  public static String capitalized(String word) {
    return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT)
        + word.substring(1);
  }

  /** A checksum short enough not to wrap on a phone; the full one is in threads and manifests. */
  public static String shortChecksum(String sha256) {
    return sha256.length() <= 12 ? sha256 : sha256.substring(0, 12);
  }
}
