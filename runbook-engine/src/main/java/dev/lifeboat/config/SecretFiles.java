package dev.lifeboat.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code NAME_FILE} convention of container images: Docker and Kubernetes secrets arrive as
 * files, so a variable {@code SLACK_BOT_TOKEN_FILE=/run/secrets/slack_bot_token} stands for
 * {@code SLACK_BOT_TOKEN} with that file's content. Applied once to the process environment, so
 * every secret Lifeboat reads by variable name (target passwords, chat tokens, {@code ${NAME}} in
 * the YAML) gets a file variant without each reader knowing about it.
 */
public final class SecretFiles {
  /** Far above any token or password; keeps a mistaken path to a big file from being read. */
  private static final long MAX_BYTES = 64 * 1024;
  private static final String SUFFIX = "_FILE";

  private SecretFiles() {}

  /**
   * {@code environment} plus, for each {@code NAME_FILE} whose {@code NAME} is unset, {@code NAME}
   * with the file's content (one trailing newline removed, as editors and {@code echo} add one).
   * A set {@code NAME} wins over {@code NAME_FILE}. Unreadable files are left out here and named
   * by the config check that needs them.
   */
  public static Map<String, String> expand(Map<String, String> environment) {
    Map<String, String> result = new HashMap<>(environment);
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String key = e.getKey();
      if (!key.endsWith(SUFFIX) || key.length() == SUFFIX.length()) {
        continue;
      }
      String name = key.substring(0, key.length() - SUFFIX.length());
      if (environment.containsKey(name)) {
        continue;
      }
      read(Path.of(e.getValue())).ifPresent(value -> result.put(name, value));
    }
    return Map.copyOf(result);
  }

  /** A hint for "NAME is not set" messages when NAME_FILE was given but could not be read. */
  public static String unreadableHint(String name, Map<String, String> environment) {
    String file = environment.get(name + SUFFIX);
    if (file == null) {
      return "";
    }
    return " (" + name + SUFFIX + " names " + file + ", which does not exist, cannot be read by "
        + "this user, or is larger than 64 KiB)";
  }

  private static java.util.Optional<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        return java.util.Optional.empty();
      }
      String text = Files.readString(file);
      if (text.endsWith("\r\n")) {
        text = text.substring(0, text.length() - 2);
      } else if (text.endsWith("\n")) {
        text = text.substring(0, text.length() - 1);
      }
      return java.util.Optional.of(text);
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
