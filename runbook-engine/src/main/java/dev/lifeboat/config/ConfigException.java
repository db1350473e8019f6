package dev.lifeboat.config;

import dev.lifeboat.LifeboatException;
import java.util.List;

/** The configuration has problems; every problem found is listed, each with file and key. */
public class ConfigException extends LifeboatException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : "The configuration has " + problems.size() + " problems:\n  - "
                + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
