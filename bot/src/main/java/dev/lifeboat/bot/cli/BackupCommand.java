package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Reply;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.run.Origin;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat backup now|list}: headless, for cron jobs and scripts. */
@Command(name = "backup", description = "Take or list backups without a chat.",
    subcommands = {BackupCommand.Now.class, BackupCommand.ListBackups.class})
final class BackupCommand {

  /** The person a headless command acts as, in the audit log: cli:USER. */
  static dev.lifeboat.access.Person operator() {
    return operator(System.getProperty("user.name", "unknown"));
  }

  /** The operator for the system user {@code user}: cli:USER. */
  static dev.lifeboat.access.Person operator(String user) {
    return AccessPolicy.operator("cli:" + user);
  }

  @Command(name = "now", description = "Take a backup now. Progress goes to stderr, a "
      + "summary to stdout; the exit code is 0 only when every backup asked for succeeded.")
  static final class Now implements Callable<Integer> {
    private final Invocation caller;

    @Mixin ConfigOption config;

    @Mixin TargetOption target;

    @Option(names = "--all", description = "back up every target in turn, also after one "
        + "failed; exit 1 if any did")
    boolean all;

    @Option(names = "--json", description = "print each run as one line of JSON "
        + "(docs/json.md)")
    boolean json;

    Now(Invocation caller) {
      this.caller = caller;
    }

    @Override
    public Integer call() throws Exception {
      LifeboatConfig loaded = config.load(caller);
      if (all && target.name != null) {
        throw new CliProblem("usage", "--all and --target exclude each other: --all backs up "
            + "every target.");
      }
      List<Optional<String>> targets = all
          ? loaded.targets().keySet().stream().map(Optional::of).toList()
          : List.of(target.resolve(loaded, ", or --all for each in turn"));
      try (HeadlessRun headless = caller.open(loaded)) {
        boolean allSucceeded = true;
        for (Optional<String> t : targets) {
          if (!all) {
            // One target: a refusal (busy, unknown) is the command's error, mapped once.
            allSucceeded = headless.print(headless.run(new dev.lifeboat.command.Command.BackupNow(t)), json);
            continue;
          }
          try {
            allSucceeded &= headless.print(headless.run(new dev.lifeboat.command.Command.BackupNow(t)), json);
          } catch (LifeboatException e) {
            // Each target in turn: one that cannot start does not stop the others.
            allSucceeded = false;
            headless.refused(t.orElseThrow(), e, json);
          }
        }
        return (allSucceeded ? ExitCode.OK : ExitCode.RUN_FAILED).code();
      }
    }
  }

  @Command(name = "list", description = "List the newest backups from the catalog.")
  static final class ListBackups implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "only this target")
    String target;

    @Option(names = "--json", description = "print each backup as one line of JSON "
        + "(docs/json.md)")
    boolean json;

    @Override
    public Integer call() {
      try (Lifeboat lifeboat = ConfigOption.start(config.load(), ConfigOption.environment())) {
        Reply reply = lifeboat.commands().execute(operator(),
            new dev.lifeboat.command.Command.BackupList(Optional.ofNullable(target)), Origin.of("cli"));
        Reply.BackupList list = (Reply.BackupList) reply;
        if (json) {
          for (BackupRecord b : list.backups()) {
            System.out.println(OutputJson.backup(b));
          }
        } else {
          new ConsoleRenderer(System.out, false, Clock.systemUTC()).reply(
              new Reply.BackupList(list.target(), list.backups(), Instant.now()));
        }
        return 0;
      }
    }
  }
}
