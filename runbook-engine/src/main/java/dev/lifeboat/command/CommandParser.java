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
      case "/cancel", "cancel" -> cancel(one(args, "/cancel r12 (a run) or /cancel a3 (a request)"));
      case "/verify", "verify" -> {
        Selection s = selection(args, false, "/verify [backup-id|latest] [target]");
        yield new Command.Verify(s.backup(), s.target());
      }
      case "/restore", "restore" -> {
        boolean allow = args.stream()
            .anyMatch(w -> w.equalsIgnoreCase(ALLOW_UNFINISHED_MIGRATIONS));
        boolean roles = args.stream().anyMatch(CommandParser::withRoles);
        List<String> choices = args.stream()
            .filter(w -> !w.equalsIgnoreCase(ALLOW_UNFINISHED_MIGRATIONS) && !withRoles(w))
            .toList();
        Selection s = selection(choices, true, "/restore [backup-id|latest] [target] "
            + "[side-by-side|in-place] [" + ALLOW_UNFINISHED_MIGRATIONS + "] [" + WITH_ROLES
            + "]");
        yield new Command.Restore(s.backup(), s.target(), s.mode(), allow, roles);
      }
      case "/drill", "drill" -> new Command.Drill(optionalTarget(args, "/drill [target]"));
      case "/approve", "approve" -> new Command.Approve(args.isEmpty() ? Optional.empty()
          : Optional.of(requestId(one(args, "/approve [a3]"))));
      case "/deny", "deny" -> deny(args);
      case "/ack", "ack" -> new Command.Ack(args.isEmpty() ? Optional.empty()
          : Optional.of(alertId(one(args, "/ack [al3] (/backup status lists open alerts)"))));
      case "/approvals", "approvals" -> {
        none(args, "/approvals");
        yield new Command.Approvals();
      }
      case "/breakglass", "breakglass" -> {
        if (args.size() < 2) {
          throw new InvalidInputException("Usage: /breakglass a3 REASON (the reason is "
              + "required and goes into the audit log).");
        }
        yield new Command.BreakGlass(requestId(args.get(0)),
            Names.text(String.join(" ", args.subList(1, args.size())), 300));
      }
      case "/continue", "continue" -> answer(args, true);
      case "/abort", "abort" -> answer(args, false);
      case "/incident", "incident" -> incident(args);
      case "/help", "help", "/lifeboat" -> new Command.Help();
      default -> throw new InvalidInputException("Lifeboat does not know "
          + Names.shown(words.get(0)) + ". Type /help to see the commands.");
    };
  }

  private Command backup(List<String> args) {
    if (args.isEmpty()) {
      throw new InvalidInputException("What should /backup do? Try /backup now, /backup list, "
          + "/backup status or /backup prune.");
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
      case "delete" -> {
        String id = one(rest, "/backup delete BACKUP-ID (/backup list shows them)");
        if (!BACKUP_ID.matcher(id).matches() || !Names.isValid(id)) {
          throw new InvalidInputException("'" + Names.shown(id) + "' is not a backup id; ids look "
              + "like shop-20261123-130812. Usage: /backup delete BACKUP-ID (/backup list shows "
              + "them).");
        }
        yield new Command.BackupDelete(id);
      }
      case "prune" -> {
        boolean dryRun = rest.stream().anyMatch(w -> w.equalsIgnoreCase("--dry-run"));
        List<String> words = rest.stream().filter(w -> !w.equalsIgnoreCase("--dry-run")).toList();
        yield new Command.BackupPrune(optionalTarget(words, "/backup prune [target] [--dry-run]"),
            dryRun);
      }
      default -> throw new InvalidInputException("/backup " + Names.shown(args.get(0))
          + " is not a command. Try /backup now, /backup list, /backup status or /backup prune.");
    };
  }

  /** The /restore option that creates the backup's saved roles first (a new server). */
  static final String WITH_ROLES = "with-roles";

  private static boolean withRoles(String word) {
    return word.equalsIgnoreCase(WITH_ROLES) || word.equalsIgnoreCase("--" + WITH_ROLES);
  }

  private static final String INCIDENT_USAGE = "/incident start TITLE [target] [--severity "
      + "sev1|sev2|sev3], then /incident role|phase|note|update|followup|timeline|resolve";
  private static final java.util.regex.Pattern PERSON = java.util.regex.Pattern.compile(
      "<@[A-Za-z0-9]{1,40}(\\|[^>]{0,80})?>|@?[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private static Command incident(List<String> args) {
    Optional<Long> ref = Optional.empty();
    List<String> rest = args;
    if (!rest.isEmpty() && rest.get(0).matches("(?i)i\\d{1,15}")) {
      ref = Optional.of(Long.parseLong(rest.get(0).substring(1)));
      rest = rest.subList(1, rest.size());
    }
    if (rest.isEmpty()) {
      return new Command.IncidentShow(ref);
    }
    String sub = rest.get(0).toLowerCase();
    List<String> words = rest.subList(1, rest.size());
    String text = Names.text(String.join(" ", words), 1000);
    return switch (sub) {
      case "start", "open" -> {
        if (ref.isPresent()) {
          throw new InvalidInputException("A new incident has no id yet. Usage: "
              + INCIDENT_USAGE);
        }
        yield start(words);
      }
      case "role" -> {
        if (words.size() != 2 || !PERSON.matcher(words.get(1)).matches()) {
          throw new InvalidInputException("Usage: /incident role commander|scribe|dba @person");
        }
        yield new Command.IncidentRole(ref, dev.lifeboat.incident.Role.parse(words.get(0)),
            words.get(1));
      }
      case "phase" -> new Command.IncidentPhase(ref, one(words, "/incident phase NEXT (next, "
          + "or one of " + dev.lifeboat.incident.Phase.all() + ")"));
      case "note" -> new Command.IncidentNote(ref, required(text, "/incident note TEXT"));
      case "followup", "follow-up" -> new Command.IncidentFollowup(ref, required(text,
          "/incident followup TEXT"));
      case "update" -> new Command.IncidentUpdate(ref, required(text, "/incident update TEXT"));
      case "timeline" -> {
        none(words, "/incident timeline");
        yield new Command.IncidentTimeline(ref);
      }
      case "resolve", "close" -> {
        none(words, "/incident resolve");
        yield new Command.IncidentResolve(ref);
      }
      case "status", "show" -> {
        none(words, "/incident status");
        yield new Command.IncidentShow(ref);
      }
      default -> throw new InvalidInputException("/incident " + Names.shown(rest.get(0))
          + " is not a command. Usage: " + INCIDENT_USAGE);
    };
  }

  private static Command start(List<String> words) {
    dev.lifeboat.incident.Severity severity = dev.lifeboat.incident.Severity.SEV2;
    List<String> title = new java.util.ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String lower = w.toLowerCase();
      if (lower.startsWith("--severity=") || lower.startsWith("--sev=")) {
        severity = dev.lifeboat.incident.Severity.parse(w.substring(w.indexOf('=') + 1));
      } else if (lower.equals("--severity") || lower.equals("--sev")) {
        if (i + 1 >= words.size()) {
          throw new InvalidInputException("--severity needs sev1, sev2 or sev3.");
        }
        severity = dev.lifeboat.incident.Severity.parse(words.get(++i));
      } else {
        title.add(w);
      }
    }
    if (title.isEmpty()) {
      throw new InvalidInputException("What is the incident? Usage: /incident start TITLE "
          + "[target] [--severity sev1|sev2|sev3]");
    }
    return new Command.IncidentStart(Names.text(String.join(" ", title), 300), severity);
  }

  private static String required(String text, String usage) {
    if (text.isBlank()) {
      throw new InvalidInputException("Usage: " + usage);
    }
    return text;
  }

  /** The /restore option that lets a backup with a failed Prisma migration through. */
  static final String ALLOW_UNFINISHED_MIGRATIONS = "allow-unfinished-migrations";

  private static final java.util.regex.Pattern BACKUP_ID =
      java.util.regex.Pattern.compile(".+-\\d{8}-\\d{6}(-\\d+)?");

  /** What /verify and /restore name, in any order: a backup, a target, a mode. */
  private record Selection(Optional<String> backup, Optional<String> target,
      Optional<String> mode) {}

  private static Selection selection(List<String> args, boolean modes, String usage) {
    Optional<String> backup = Optional.empty();
    Optional<String> target = Optional.empty();
    Optional<String> mode = Optional.empty();
    for (String word : args) {
      String lower = word.toLowerCase();
      if (modes && (lower.equals("side-by-side") || lower.equals("in-place"))
          && mode.isEmpty()) {
        mode = Optional.of(lower);
      } else if ((lower.equals("latest") || BACKUP_ID.matcher(word).matches())
          && backup.isEmpty() && Names.isValid(word)) {
        backup = Optional.of(lower.equals("latest") ? "latest" : word);
      } else if (target.isEmpty()) {
        target = Optional.of(name(word, "target"));
      } else if (modes && mode.isEmpty()) {
        throw new InvalidInputException("Unknown mode '" + Names.shown(word) + "': in-place or "
            + "side-by-side. Usage: " + usage);
      } else {
        throw new InvalidInputException("Too many words. Usage: " + usage);
      }
    }
    return new Selection(backup, target, mode);
  }

  private static Command cancel(String word) {
    return word.toLowerCase().startsWith("a") ? new Command.Withdraw(requestId(word))
        : new Command.Cancel(runId(word));
  }

  private static Command answer(List<String> args, boolean proceed) {
    Optional<Long> run = Optional.empty();
    List<String> rest = args;
    if (!args.isEmpty() && args.get(0).matches("(?i)r\\d{1,15}")) {
      run = Optional.of(runId(args.get(0)));
      rest = args.subList(1, args.size());
    }
    if (proceed && !rest.isEmpty()) {
      throw new InvalidInputException("Usage: /continue [r12]");
    }
    return new Command.Answer(run, proceed, Names.text(String.join(" ", rest), 300));
  }

  private static Command deny(List<String> args) {
    if (!args.isEmpty() && args.get(0).matches("(?i)a\\d{1,15}")) {
      return new Command.Deny(Optional.of(requestId(args.get(0))),
          Names.text(String.join(" ", args.subList(1, args.size())), 300));
    }
    return new Command.Deny(Optional.empty(), Names.text(String.join(" ", args), 300));
  }

  static long requestId(String word) {
    String digits = word.toLowerCase().startsWith("a") ? word.substring(1) : word;
    if (!digits.matches("\\d{1,15}")) {
      throw new InvalidInputException("'" + Names.shown(word) + "' is not an approval request; "
          + "requests look like a3 (/approvals lists them).");
    }
    return Long.parseLong(digits);
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

  static long alertId(String word) {
    String digits = word.toLowerCase().startsWith("al") ? word.substring(2) : word;
    if (!digits.matches("\\d{1,15}")) {
      throw new InvalidInputException("'" + Names.shown(word) + "' is not an alert; alerts look "
          + "like al3 (/backup status lists the open ones).");
    }
    return Long.parseLong(digits);
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
