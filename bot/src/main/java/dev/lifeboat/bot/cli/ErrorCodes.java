package dev.lifeboat.bot.cli;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.postgres.ToolVersionException;
import dev.lifeboat.run.TargetBusyException;
import dev.lifeboat.store.StoreException;
import dev.lifeboat.target.TargetUnavailableException;

/**
 * The machine-readable {@code code} of a JSON error, by the kind of problem: stable words a
 * script can switch on while the message stays free to improve. docs/json.md lists them.
 */
final class ErrorCodes {
  private ErrorCodes() {}

  static String of(LifeboatException e) {
    return switch (e) {
      case CliProblem p -> p.code();
      case ConfigException c -> "config_invalid";
      case NotFoundException n -> "not_found";
      case InvalidInputException i -> "invalid_input";
      case NotAuthorizedException n -> "not_authorized";
      case TargetBusyException b -> "target_busy";
      case TargetUnavailableException u -> "target_unavailable";
      case ToolVersionException t -> "tool_version";
      case StoreException s -> "store_failed";
      default -> "failed";
    };
  }
}
