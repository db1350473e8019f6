package dev.lifeboat.http;

import java.net.URI;

/** How a URL from a runbook may be shown in a run's log, which ends up in chat. */
public final class Urls {
  private Urls() {}

  /**
   * Scheme, host and port only: webhook and health-check URLs often carry a token in their path
   * or query.
   */
  public static String shown(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? ""
            : ":" + uri.getPort());
      }
    } catch (IllegalArgumentException e) {
      // not a URL at all; say so without echoing it
    }
    return "(an invalid URL)";
  }

  /** A problem with {@code url} as a runbook setting, if any. */
  public static java.util.Optional<String> problem(String url) {
    try {
      URI uri = URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return java.util.Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    return java.util.Optional.of("must be an http:// or https:// URL with a host");
  }
}
