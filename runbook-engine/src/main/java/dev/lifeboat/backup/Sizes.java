package dev.lifeboat.backup;

import java.util.Locale;

/** Byte counts for people: 1.2 MB, 340 kB. */
public final class Sizes {
  private Sizes() {}

  public static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    // Compare after rounding, so 999,999 bytes reads "1.0 MB", not "1000 kB".
    while (unit < units.length - 1 && Math.round(value) >= 1000) {
      value /= 1000;
      unit++;
    }
    boolean oneDecimal = Math.round(value * 10) < 100;
    return String.format(Locale.ROOT, oneDecimal ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}
