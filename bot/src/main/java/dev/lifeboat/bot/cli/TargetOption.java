package dev.lifeboat.bot.cli;

import dev.lifeboat.config.LifeboatConfig;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --target NAME}, shared by the headless commands that act on one target. */
final class TargetOption {
  @Option(names = {"-t", "--target"}, paramLabel = "NAME",
      description = "the target (may be left out when the config has only one)")
  String name;

  /**
   * The target named, or the only one. Several and none named is a usage error worded with
   * the command line's options: the engine's own message suggests chat syntax.
   *
   * @param orAll how else the command may be told (", or --all for each in turn"), or ""
   */
  Optional<String> resolve(LifeboatConfig config, String orAll) {
    if (name != null || config.targets().size() <= 1) {
      return Optional.ofNullable(name);
    }
    throw new CliProblem("target_required", "Which target? This config has "
        + config.targets().size() + ": " + String.join(", ", config.targets().keySet())
        + ". Name one with --target NAME" + orAll + ".");
  }
}
