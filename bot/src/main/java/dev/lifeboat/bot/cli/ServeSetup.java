package dev.lifeboat.bot.cli;

import dev.lifeboat.config.LifeboatConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a serve runs with, so that a command handed to it runs exactly as it would have in its
 * own process: the configuration as read with the caller's environment (record equality: the
 * same targets, stores, people, secrets), the runbook files as the serve loaded them, and the
 * caller's values of the variables those runbooks name (they are interpolated, and exec steps
 * pass them on), and of the {@code AWS_*} variables (an S3 store without keys in the
 * configuration takes its credentials from the process, through the SDK's standard chain).
 */
final class ServeSetup {
  private static final Pattern WORD = Pattern.compile("\\w+");

  private final LifeboatConfig config;
  private final Map<String, String> environment;
  private final Map<Path, byte[]> runbooks;
  /** Every word in the runbooks: the variables among them matter. */
  private final Set<String> runbookWords;

  private ServeSetup(LifeboatConfig config, Map<String, String> environment,
      Map<Path, byte[]> runbooks) {
    this.config = config;
    this.environment = Map.copyOf(environment);
    this.runbooks = runbooks;
    this.runbookWords = new HashSet<>();
    for (byte[] file : runbooks.values()) {
      Matcher word = WORD.matcher(new String(file, StandardCharsets.UTF_8));
      while (word.find()) {
        runbookWords.add(word.group());
      }
    }
  }

  /**
   * @param config the serve's configuration, read from its absolute path (a caller's is read
   *     from the absolute path it named, and the two must be equal)
   */
  static ServeSetup of(LifeboatConfig config, Map<String, String> environment) {
    return new ServeSetup(config, environment, runbookFiles(config.runbooks()));
  }

  /** Why a command read as {@code theirs} with {@code theirEnvironment} must run on its own. */
  Optional<String> differs(LifeboatConfig theirs, Map<String, String> theirEnvironment) {
    if (!theirs.equals(config)) {
      return Optional.of(theirs.file().equals(config.file())
          ? "its configuration reads differently (edited since the serve started, or other "
              + "values in its environment)"
          : "it names another configuration (" + theirs.file() + ")");
    }
    Map<Path, byte[]> now = runbookFiles(config.runbooks());
    if (!sameFiles(now, runbooks)) {
      return Optional.of("the runbooks were edited since the serve started");
    }
    TreeSet<String> names = new TreeSet<>(environment.keySet());
    names.addAll(theirEnvironment.keySet());
    for (String name : names) {
      if (Objects.equals(environment.get(name), theirEnvironment.get(name))) {
        continue;
      }
      if (name.startsWith("AWS_")) {
        return Optional.of(name + " has another value there (S3 credentials)");
      }
      if (runbookWords.contains(name)) {
        return Optional.of("the runbooks use " + name + ", which has another value there");
      }
    }
    return Optional.empty();
  }

  private static boolean sameFiles(Map<Path, byte[]> a, Map<Path, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
  }

  private static Map<Path, byte[]> runbookFiles(Path dir) {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.filter(Files::isRegularFile).sorted().toList()) {
        files.put(p.getFileName(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      // An unreadable folder reads as empty both times, or differs: either way not a match
      // that hides an edit, since the serve could not have loaded runbooks from it either.
    }
    return files;
  }
}
