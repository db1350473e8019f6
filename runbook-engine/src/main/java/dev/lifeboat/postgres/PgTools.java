package dev.lifeboat.postgres;

import java.util.Comparator;
import java.util.List;

/**
 * Chooses which installed client tools talk to a given server. pg_dump refuses servers newer
 * than itself, and its output may not restore into older servers, so the same major version as
 * the server is best, then the nearest newer one.
 */
public final class PgTools {
  private final List<PgInstallation> installations;

  public PgTools(List<PgInstallation> installations) {
    this.installations = List.copyOf(installations);
  }

  public static PgTools discover() {
    return new PgTools(PgInstallation.discover());
  }

  public List<PgInstallation> installations() {
    return installations;
  }

  /** The installation for a server of {@code serverMajor}, or a refusal that says the fix. */
  public PgInstallation forServer(int serverMajor, String serverVersion) {
    return installations.stream()
        .filter(i -> i.major() >= serverMajor)
        .min(Comparator.comparingInt(PgInstallation::major))
        .orElseThrow(() -> new ToolVersionException(refusal(serverMajor, serverVersion)));
  }

  private String refusal(int serverMajor, String serverVersion) {
    if (installations.isEmpty()) {
      return "pg_dump is not installed. Install the PostgreSQL " + serverMajor + " client tools "
          + "(Debian/Ubuntu: apt-get install postgresql-client-" + serverMajor + ").";
    }
    PgInstallation newest = installations.stream()
        .max(Comparator.comparingInt(PgInstallation::major)).orElseThrow();
    return "pg_dump " + newest.version() + " is older than the server (PostgreSQL "
        + serverVersion + ") and would refuse to dump it. Install postgresql-client-"
        + serverMajor + " (Debian/Ubuntu: apt-get install postgresql-client-" + serverMajor
        + " from the PostgreSQL apt repository; the Lifeboat image ships the newest) and run "
        + "again: Lifeboat picks the matching pg_dump from /usr/lib/postgresql/*/bin by itself.";
  }
}
