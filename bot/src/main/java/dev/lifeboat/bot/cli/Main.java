package dev.lifeboat.bot.cli;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.cluster.ClusterException;
import java.util.LinkedHashMap;
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
    description = "ChatOps for PostgreSQL backups, restores and recovery drills.",
    subcommands = {
      DemoCommand.class,
      ConsoleCommand.class,
      ServeCommand.class,
      BackupCommand.class,
      ConfigCommand.class,
      AuditCommand.class,
      CatalogCommand.class,
      CompletionCommand.class,
      ManCommand.class,
      CommandLine.HelpCommand.class,
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  private static void everyCommand(CommandLine.Model.CommandSpec spec,
      java.util.function.Consumer<CommandLine.Model.CommandSpec> action) {
    action.accept(spec);
    spec.subcommands().values().forEach(sub -> everyCommand(sub.getCommandSpec(), action));
  }

  static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The whole command model, as --help, completion and the man pages see it. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      exitCodes.put(Integer.toString(code.code()), code.meaning());
    }
    everyCommand(cli.getCommandSpec(), c -> c.usageMessage().exitCodeList(exitCodes));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof LifeboatException l) {
        commandLine.getErr().println("lifeboat: " + e.getMessage());
        return ExitCode.of(l).code();
      }
      if (e instanceof ClusterException) {
        // The throwaway cluster (the demo's) could not start: its message says why.
        commandLine.getErr().println("lifeboat: " + e.getMessage());
        return ExitCode.RUN_FAILED.code();
      }
      throw e;
    });
    return cli;
  }
}
