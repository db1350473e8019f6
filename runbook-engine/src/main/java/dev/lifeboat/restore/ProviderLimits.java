package dev.lifeboat.restore;

import dev.lifeboat.target.Target;
import java.util.Locale;
import java.util.Optional;

/**
 * The restore modes a hosted provider does not allow, recognised by the target's host (the
 * endpoints docs/providers.md lists). Asked before an approval request is made, so nobody
 * approves a restore that could only fail at its swap, after writes were stopped.
 */
public final class ProviderLimits {
  private ProviderLimits() {}

  /** Why {@code mode} cannot work on {@code target}'s provider, if it cannot. */
  public static Optional<String> refusal(Target target, RestoreMode mode, String backup) {
    if (mode != RestoreMode.SIDE_BY_SIDE) {
      return Optional.empty();
    }
    String host = target.connection().host().toLowerCase(Locale.ROOT);
    String database = target.connection().database();
    Optional<String> why = Optional.empty();
    if ((host.endsWith(".supabase.co") || host.endsWith(".supabase.com"))
        && database.equals("postgres")) {
      why = Optional.of("on Supabase, whose platform keeps the postgres database: it cannot be "
          + "renamed");
    } else if (host.endsWith(".render.com")) {
      why = Optional.of("on Render, whose dashboard, backups and connection strings follow the "
          + "database's name: the database cannot be renamed");
    }
    return why.map(w -> target.name() + " is " + w + ", so a side-by-side restore could not swap "
        + "its copy in. Ask for /restore " + backup + " " + target.name() + " in-place: it takes "
        + "a safety backup first, then restores into the same database. docs/providers.md says "
        + "more.");
  }
}
