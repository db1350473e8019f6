package dev.lifeboat.bot.cli;

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
  private final Invocation caller;

  @Mixin ConfigOption config;

  @Mixin TargetOption target;

  @Parameters(arity = "0..1", paramLabel = "latest|ID", defaultValue = "latest",
      description = "the backup to verify (default: the newest of the target)")
  String backup;

  @Option(names = "--json", description = "print the run as one line of JSON (docs/json.md)")
  boolean json;

  VerifyCommand(Invocation caller) {
    this.caller = caller;
  }

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load(caller);
    // A backup id names its target; only "latest" needs one.
    Optional<String> named = backup.equals("latest") ? target.resolve(loaded, "")
        : Optional.ofNullable(target.name);
    try (HeadlessRun headless = caller.open(loaded)) {
      boolean ok = headless.print(headless.run(new Verify(Optional.of(backup), named)), json);
      return (ok ? ExitCode.OK : ExitCode.RUN_FAILED).code();
    }
  }
}
