package dev.lifeboat.process;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole environment a PostgreSQL tool starts with: where programs are, the locale and the
 * time zone of Lifeboat's own process, and the libpq variables of the one database it works on.
 * Nothing else passes: Lifeboat's environment holds chat tokens and every target's password,
 * and a tool (or whatever it loads) has no business seeing them.
 *
 * @param variables exactly what the tool sees
 */
public record ToolEnvironment(Map<String, String> variables) {
  /** Not secrets, and what programs need to run and to speak the right language and time. */
  private static final Set<String> INHERITED = Set.of("PATH", "LANG", "LANGUAGE", "TZ", "TZDIR",
      "HOME", "TMPDIR", "LD_LIBRARY_PATH");

  public ToolEnvironment {
    variables = Map.copyOf(variables);
  }

  /**
   * What a tool gets from {@code process} (Lifeboat's own environment): PATH, HOME, TMPDIR,
   * locale ({@code LANG}, {@code LC_*}) and time zone, then {@code tool}'s own variables (the
   * libpq connection of its one target). Messages are in English whatever the locale, since
   * Lifeboat reads them.
   */
  public static ToolEnvironment of(Map<String, String> process, Map<String, String> tool) {
    Map<String, String> env = new TreeMap<>();
    process.forEach((name, value) -> {
      if (INHERITED.contains(name) || name.startsWith("LC_")) {
        env.put(name, value);
      }
    });
    env.put("LC_MESSAGES", "C");
    if (env.containsKey("LC_ALL")) {
      // LC_ALL outranks LC_MESSAGES; keep its choice for everything but messages.
      String all = env.remove("LC_ALL");
      for (String category : new String[] {"LC_CTYPE", "LC_COLLATE", "LC_NUMERIC", "LC_TIME",
          "LC_MONETARY"}) {
        env.putIfAbsent(category, all);
      }
    }
    env.putAll(tool);
    return new ToolEnvironment(env);
  }

  /** {@link #of} this process's environment. */
  public static ToolEnvironment forTool(Map<String, String> tool) {
    return of(System.getenv(), tool);
  }
}
