package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.command.Command.Verify;
import dev.lifeboat.config.LifeboatConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat verify [--target T] [latest|ID]}: /verify without a chat, for cron. */
@Command(name = "verify", description = "Restore a backup into a scratch database and check "
    + "it (checksum, row counts, the target's checks), as /verify does. Exit 0 only when the "
    + "backup proved good.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Mixin TargetOption target;

  @Parameters(arity = "0..1", paramLabel = "latest|ID", defaultValue = "latest",
      description = "the backup to verify (default: the newest of the target)")
  String backup;

  @Option(names = "--json", description = "print the run as one line of JSON (docs/json.md)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load();
    // A backup id names its target; only "latest" needs one.
    Optional<String> named = backup.equals("latest") ? target.resolve(loaded, "")
        : Optional.ofNullable(target.name);
    try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
      HeadlessRun headless = HeadlessRun.on(lifeboat);
      boolean ok = headless.print(headless.run(new Verify(Optional.of(backup), named)), json);
      return (ok ? ExitCode.OK : ExitCode.RUN_FAILED).code();
    }
  }
}
