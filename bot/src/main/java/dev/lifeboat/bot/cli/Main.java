package dev.lifeboat.bot.cli;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.cluster.ClusterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lifeboat} command line. */
@Command(
    name = "lifeboat",
    // INHERIT gives every command and subcommand --help and --version, and lets --help win
    // over required options (console --help used to ask for --user first).
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit status:%n",
    version = "lifeboat 0.1.0",
    description = "ChatOps for PostgreSQL backups, restores and recovery drills.")
public final class Main implements Runnable {
  /** The commands, in the order the usage lists them. */
  private static final List<Class<?>> COMMANDS = List.of(
      DemoCommand.class,
      ConsoleCommand.class,
      ServeCommand.class,
      BackupCommand.class,
      VerifyCommand.class,
      DrillCommand.class,
      StatusCommand.class,
      RestoreCommand.class,
      ConfigCommand.class,
      AuditCommand.class,
      CatalogCommand.class,
      CompletionCommand.class,
      ManCommand.class,
      CommandLine.HelpCommand.class);
  /**
   * What cron runs: its model is built alone. picocli reads every command's options when it
   * builds a model, 106 ms of a one-off JVM's CPU for the whole one. Help, completion and the
   * man pages read the whole model; so do a word that is not one of these, and an option first.
   */
  private static final Map<String, Class<?>> ALONE = Map.of(
      "backup", BackupCommand.class,
      "verify", VerifyCommand.class,
      "drill", DrillCommand.class,
      "status", StatusCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // Before picocli and the configuration are loaded: handing a backup to the serve on this
    // machine is worth it only if this JVM does next to nothing itself.
    java.util.OptionalInt handed = HandoffClient.attempt(args);
    System.exit(handed.isPresent() ? handed.getAsInt() : execute(args));
  }

  private static void everyCommand(CommandLine.Model.CommandSpec spec,
      java.util.function.Consumer<CommandLine.Model.CommandSpec> action) {
    action.accept(spec);
    spec.subcommands().values().forEach(sub -> everyCommand(sub.getCommandSpec(), action));
  }

  /**
   * A command stopped by a problem: the message on stderr, and in the form the caller asked
   * for on stdout (one line of JSON with {@code --json}, the Nagios line with
   * {@code --nagios}).
   */
  private static int failed(CommandLine commandLine, String message, String code, ExitCode exit) {
    commandLine.getErr().println("lifeboat: " + message);
    java.io.PrintWriter out = commandLine.getOut();
    CommandLine.ParseResult parsed = commandLine.getParseResult();
    if (parsed != null && parsed.hasMatchedOption("--nagios")) {
      // One line: the plugin's output ends at the first newline.
      out.println("LIFEBOAT UNKNOWN - " + String.join(" ", message.lines()
          .map(String::strip).filter(l -> !l.isEmpty()).toList()));
      return StatusVerdict.NAGIOS_UNKNOWN;
    }
    if (parsed != null && parsed.hasMatchedOption("--json")) {
      out.println(OutputJson.failure(code, message, java.util.Optional.empty()));
    }
    out.flush();
    return exit.code();
  }

  /** A problem that stopped a command: its message and exit code, or a bug's stack trace. */
  static int problem(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof LifeboatException l) {
      return failed(commandLine, l.getMessage(), ErrorCodes.of(l), ExitCode.of(l));
    }
    if (e instanceof ClusterException) {
      // The throwaway cluster (the demo's) could not start: its message says why.
      return failed(commandLine, e.getMessage(), "failed", ExitCode.RUN_FAILED);
    }
    throw e;
  }

  static int execute(String... args) {
    return commandLine(Invocation.here(), args).execute(args);
  }

  /** The whole command model, as --help, completion and the man pages see it. */
  static CommandLine commandLine() {
    return commandLine(Invocation.here(), COMMANDS);
  }

  /** The model {@code args} need: one of cron's commands alone, or the whole one. */
  static CommandLine commandLine(Invocation caller, String... args) {
    Class<?> alone = args.length > 0 ? ALONE.get(args[0]) : null;
    return commandLine(caller, alone == null ? COMMANDS : List.of(alone));
  }

  /**
   * The command model for {@code caller}: the commands that start a run are made for it, so
   * they read its environment and write to its streams, here or in a serve.
   */
  private static CommandLine commandLine(Invocation caller, List<Class<?>> commands) {
    CommandLine.IFactory standard = CommandLine.defaultFactory();
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        for (java.lang.reflect.Constructor<?> c : type.getDeclaredConstructors()) {
          if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Invocation.class) {
            c.setAccessible(true);
            return type.cast(c.newInstance(caller));
          }
        }
        return standard.create(type);
      }
    };
    CommandLine cli = new CommandLine(new Main(), factory);
    commands.forEach(cli::addSubcommand);
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      exitCodes.put(Integer.toString(code.code()), code.meaning());
    }
    everyCommand(cli.getCommandSpec(), c -> c.usageMessage().exitCodeList(exitCodes));
    cli.setExecutionExceptionHandler(Main::problem);
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> {
      int exit = usage.handleParseException(e, args);
      if (java.util.List.of(args).contains("--nagios")) {
        // A monitor called the check wrongly: UNKNOWN, not a CRITICAL about the backups.
        e.getCommandLine().getOut().println("LIFEBOAT UNKNOWN - "
            + e.getMessage().replace('\n', ' '));
        e.getCommandLine().getOut().flush();
        return StatusVerdict.NAGIOS_UNKNOWN;
      }
      if (java.util.List.of(args).contains("--json")) {
        // A script asked for JSON: it gets JSON, also when the command line was wrong.
        e.getCommandLine().getOut().println(OutputJson.failure("usage", e.getMessage(),
            java.util.Optional.empty()));
        e.getCommandLine().getOut().flush();
      }
      return exit;
    });
    return cli;
  }
}
