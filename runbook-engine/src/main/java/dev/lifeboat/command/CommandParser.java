package dev.lifeboat.command;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.access.Names;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns the text of a slash command into a {@link Command}. Arguments are split on whitespace and
 * checked against strict name rules; nothing here or later ever hands them to a shell.
 */
public final class CommandParser {
  private static final int MAX_LENGTH = 500;

  public Command parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.length() > MAX_LENGTH) {
      throw new InvalidInputException("That command is too long (" + trimmed.length()
          + " characters). Type /help to see what Lifeboat understands.");
    }
    List<String> words = Arrays.stream(trimmed.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      throw new InvalidInputException("Type /help to see what Lifeboat understands.");
    }
    String head = words.get(0).toLowerCase();
    List<String> args = words.subList(1, words.size());
    return switch (head) {
      case "/backup", "backup" -> backup(args);
      case "/runs", "runs" -> {
        none(args, "/runs");
        yield new Command.Runs();
      }
      case "/cancel", "cancel" -> new Command.Cancel(runId(one(args, "/cancel r12")));
      case "/help", "help", "/lifeboat" -> new Command.Help();
      default -> throw new InvalidInputException("Lifeboat does not know "
          + Names.shown(words.get(0)) + ". Type /help to see the commands.");
    };
  }

  private Command backup(List<String> args) {
    if (args.isEmpty()) {
      throw new InvalidInputException("What should /backup do? Try /backup now, /backup list or "
          + "/backup status.");
    }
    String sub = args.get(0).toLowerCase();
    List<String> rest = args.subList(1, args.size());
    return switch (sub) {
      case "now" -> new Command.BackupNow(optionalTarget(rest, "/backup now [target]"));
      case "list" -> new Command.BackupList(optionalTarget(rest, "/backup list [target]"));
      case "status" -> {
        none(rest, "/backup status");
        yield new Command.BackupStatus();
      }
      default -> throw new InvalidInputException("/backup " + Names.shown(args.get(0))
          + " is not a command. Try /backup now, /backup list or /backup status.");
    };
  }

  static Optional<String> optionalTarget(List<String> args, String usage) {
    if (args.isEmpty()) {
      return Optional.empty();
    }
    if (args.size() > 1) {
      throw new InvalidInputException("Too many words. Usage: " + usage);
    }
    return Optional.of(name(args.get(0), "target"));
  }

  static String name(String word, String what) {
    if (!Names.isValid(word)) {
      throw new InvalidInputException("'" + Names.shown(word) + "' is not a valid " + what
          + " name: names use letters, digits, '-', '_' and '.'.");
    }
    return word;
  }

  private static String one(List<String> args, String usage) {
    if (args.size() != 1) {
      throw new InvalidInputException("Usage: " + usage);
    }
    return args.get(0);
  }

  private static void none(List<String> args, String usage) {
    if (!args.isEmpty()) {
      throw new InvalidInputException("Too many words. Usage: " + usage);
    }
  }

  static long runId(String word) {
    String digits = word.toLowerCase().startsWith("r") ? word.substring(1) : word;
    if (!digits.matches("\\d{1,15}")) {
      throw new InvalidInputException("'" + Names.shown(word) + "' is not a run; runs look like "
          + "r12 (/runs lists them).");
    }
    return Long.parseLong(digits);
  }
}
