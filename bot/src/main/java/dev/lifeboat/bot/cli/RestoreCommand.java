package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Command.BackupList;
import dev.lifeboat.command.Command.BackupStatus;
import dev.lifeboat.command.Reply;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.restore.KeptCopies;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifeboat restore list}: what a restore could go back to. A restore itself is not
 * offered here: it replaces a database, so it needs a second person's approval, which only a
 * chat (or the console) can collect.
 */
@Command(name = "restore", description = "Restore points without a chat. A restore itself "
    + "needs a second person's approval: ask for it in a chat with /restore.",
    subcommands = {RestoreCommand.ListPoints.class})
final class RestoreCommand {

  @Command(name = "list", description = "List each target's restore points: its newest "
      + "backups with their verification, and the databases side-by-side restores kept for "
      + "rollback.")
  static final class ListPoints implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "only this target")
    String target;

    @Option(names = "--json", description = "print each restore point as one line of JSON "
        + "(docs/json.md)")
    boolean json;

    @Override
    public Integer call() {
      LifeboatConfig loaded = config.load();
      if (target != null) {
        loaded.target(target);
      }
      try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
        Reply.Status status = (Reply.Status) lifeboat.commands().execute(
            BackupCommand.operator(), new BackupStatus(), Origin.of("cli"));
        ConsoleRenderer renderer = new ConsoleRenderer(System.out, false, Clock.systemUTC());
        for (Reply.TargetStatus t : status.targets()) {
          if (target != null && !t.target().equals(target)) {
            continue;
          }
          Reply.BackupList backups = (Reply.BackupList) lifeboat.commands().execute(
              BackupCommand.operator(), new BackupList(Optional.of(t.target())),
              Origin.of("cli"));
          if (json) {
            backups.backups().forEach(b -> System.out.println(OutputJson.backup(b)));
            t.kept().copies().forEach(k -> System.out.println(OutputJson.kept(t.target(), k)));
            continue;
          }
          renderer.reply(backups);
          for (KeptCopies.KeptCopy k : t.kept().copies()) {
            System.out.println("kept for rollback: " + k.database() + ", "
                + Ago.of(Duration.between(k.keptAt(), status.now())) + " old");
          }
          t.kept().unknown().ifPresent(why -> System.out.println("kept copies: unknown (" + why
              + ")"));
          backups.backups().stream().filter(BackupRecord::verifiedGood).findFirst()
              .ifPresent(b -> System.out.println("newest verified: " + b.id() + "; in a chat, "
                  + "/restore " + b.id() + " " + t.target() + " asks for the approval."));
        }
        return ExitCode.OK.code();
      }
    }
  }
}
