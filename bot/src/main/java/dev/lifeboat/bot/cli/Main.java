package dev.lifeboat.bot.cli;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lifeboat} command line. */
@Command(
    name = "lifeboat",
    mixinStandardHelpOptions = true,
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
    })
public final class Main implements Runnable {
  /** Exit code for a configuration or usage problem. */
  static final int CONFIG_ERROR = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof LifeboatException) {
        commandLine.getErr().println("lifeboat: " + e.getMessage());
        return e instanceof ConfigException ? CONFIG_ERROR : 1;
      }
      throw e;
    });
    return cli.execute(args);
  }
}
