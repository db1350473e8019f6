package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.discord.DiscordSettings;
import dev.lifeboat.bot.slack.SlackSettings;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.config.SecretFiles;
import dev.lifeboat.postgres.PgTools;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by the commands that read a configuration. */
final class ConfigOption {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "lifeboat.yaml to use (default: $LIFEBOAT_CONFIG or config/lifeboat.yaml)")
  Path file;

  Path path() {
    return path(System.getenv());
  }

  private Path path(Map<String, String> environment) {
    if (file != null) {
      return file;
    }
    String fromEnv = environment.get("LIFEBOAT_CONFIG");
    return Path.of(fromEnv != null ? fromEnv : "config/lifeboat.yaml");
  }

  LifeboatConfig load(Map<String, String> environment) {
    return loader(environment).load(path());
  }

  /** The configuration the caller named, read with the caller's environment. */
  LifeboatConfig load(Invocation caller) {
    Map<String, String> environment = caller.environment();
    return loader(environment).load(caller.resolve(path(environment)));
  }

  /** The config loader with every chat adapter's own section. */
  static ConfigLoader loader(Map<String, String> environment) {
    return new ConfigLoader(environment, List.of(SlackSettings.SECTION,
        DiscordSettings.SECTION));
  }

  LifeboatConfig load() {
    return load(environment());
  }

  /**
   * The process environment as Lifeboat reads it: with {@code NAME_FILE} standing for
   * {@code NAME} (Docker and Kubernetes secrets), see {@link SecretFiles}.
   */
  static Map<String, String> environment() {
    return SecretFiles.expand(System.getenv());
  }

  static Lifeboat start(LifeboatConfig config, Map<String, String> environment) {
    return Lifeboat.start(config, environment, Clock.systemUTC(), PgTools.discover());
  }
}
