package dev.lifeboat.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The major version of the pg_dump that wrote an artifact, from its manifest. */
public final class DumpVersion {
  private static final Pattern MAJOR = Pattern.compile("^(\\d+)");

  private DumpVersion() {}

  /** 15 for "15.18", 18 for "18beta1", 9 for "9.6.24"; 0 when the manifest says nothing usable. */
  public static int major(String version) {
    Matcher m = MAJOR.matcher(version == null ? "" : version.strip());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
