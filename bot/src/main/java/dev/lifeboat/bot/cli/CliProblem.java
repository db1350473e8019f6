package dev.lifeboat.bot.cli;

import dev.lifeboat.InvalidInputException;

/**
 * A command line that cannot be acted on, found by the command line itself (no target named
 * where several exist, options that exclude each other), worded with its options rather than
 * the chat's syntax.
 */
final class CliProblem extends InvalidInputException {
  private final String code;

  /** @param code the machine-readable code of the JSON error, see docs/json.md */
  CliProblem(String code, String message) {
    super(message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
