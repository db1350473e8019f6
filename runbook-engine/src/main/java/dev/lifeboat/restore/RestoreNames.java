package dev.lifeboat.restore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of the databases a restore creates next to the target. PostgreSQL cuts names longer than
 * 63 bytes without a word, so a later DROP or RENAME would miss them: the target's part is
 * shortened instead, and the part that says what the database is stays whole.
 */
public final class RestoreNames {
  /** NAMEDATALEN - 1. */
  static final int MAX_BYTES = 63;
  static final String RESTORE_INFIX = "_lbrestore_";
  static final String KEPT_INFIX = "_before_";
  /** The scratch databases of verify and drill runs (see dev.lifeboat.verify.RestoreScratch). */
  static final String VERIFY_PREFIX = "lifeboat_verify_";
  private static final DateTimeFormatter KEPT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private RestoreNames() {}

  /** {@code <target>_lbrestore_<run>}: where a side-by-side restore puts the backup. */
  public static String restoreCopy(String targetDatabase, long runId) {
    return fit(targetDatabase, RESTORE_INFIX + runId);
  }

  /** {@code <target>_before_<yyyyMMdd_HHmmss>}: the previous database after the swap. */
  public static String kept(String targetDatabase, Instant at) {
    return fit(targetDatabase, KEPT_INFIX + KEPT_TIME.format(at));
  }

  /** {@code lifeboat_verify_<run>}: a verify or drill run's scratch database. */
  public static String verifyScratch(long runId) {
    return VERIFY_PREFIX + runId;
  }

  /** The prefix kept databases of {@code targetDatabase} start with, as {@link #kept} makes it. */
  static String keptPrefix(String targetDatabase) {
    String stamp = KEPT_TIME.format(Instant.EPOCH);
    String example = fit(targetDatabase, KEPT_INFIX + stamp);
    return example.substring(0, example.length() - stamp.length());
  }

  /** When a kept database was kept, from the part of its name after {@link #keptPrefix}. */
  static java.util.Optional<Instant> keptAt(String stamp) {
    try {
      return java.util.Optional.of(Instant.from(KEPT_TIME.parse(stamp)));
    } catch (java.time.format.DateTimeParseException e) {
      // a database someone else named like ours
      return java.util.Optional.empty();
    }
  }

  /** {@code base + suffix}, with {@code base} cut on a character boundary to fit 63 bytes. */
  static String fit(String base, String suffix) {
    int room = MAX_BYTES - bytes(suffix);
    if (room <= 0) {
      throw new IllegalArgumentException("suffix " + suffix + " leaves no room for a name");
    }
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < base.length(); ) {
      int cp = base.codePointAt(i);
      int n = bytes(new String(Character.toChars(cp)));
      if (used + n > room) {
        break;
      }
      kept.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return kept + suffix;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
