package dev.lifeboat.run;

/**
 * Where a request came from, so the adapter that received it can render the run's events in the
 * same place. Opaque to the engine.
 *
 * @param adapter "console", "slack", "discord", "cli"
 * @param channel the platform's channel id, or "" when it has none
 * @param thread a platform reference to reply under (a message ts), or ""
 */
public record Origin(String adapter, String channel, String thread) {
  public static Origin of(String adapter) {
    return new Origin(adapter, "", "");
  }

  public String encoded() {
    return adapter + "|" + channel + "|" + thread;
  }

  public static Origin decode(String text) {
    String[] parts = text.split("\\|", -1);
    return new Origin(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
  }
}
