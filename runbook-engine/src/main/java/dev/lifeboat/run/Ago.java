package dev.lifeboat.run;

import java.time.Duration;

/** Durations the way people say them in chat: "4 s", "2 min", "3 h 5 min", "2 d". */
public final class Ago {
  private Ago() {}

  public static String of(Duration d) {
    // A clock that stepped back must not show "-5000 ms".
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.toSeconds();
    if (s < 1) {
      return d.toMillis() + " ms";
    }
    if (s < 60) {
      long tenths = d.toMillis() / 100;
      return s < 10 ? (tenths / 10) + "." + (tenths % 10) + " s" : s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min" + (s % 60 == 0 || s >= 600 ? "" : " " + (s % 60) + " s");
    }
    if (s < 86400) {
      return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
    }
    return (s / 86400) + " d" + ((s % 86400) / 3600 == 0 ? "" : " " + ((s % 86400) / 3600) + " h");
  }
}
