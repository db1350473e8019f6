package dev.lifeboat.bot.cli;

import dev.lifeboat.command.Command.Drill;
import dev.lifeboat.config.LifeboatConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat drill [--target T]}: the restore test without a chat, for cron. */
@Command(name = "drill", description = "Restore the newest backup as a test, measure RTO and "
    + "RPO against the target's objectives and store the report, as /drill does. Exit 0 only "
    + "when every objective was met.")
final class DrillCommand implements Callable<Integer> {
  private final Invocation caller;

  @Mixin ConfigOption config;

  @Mixin TargetOption target;

  @Option(names = "--json", description = "print the run as one line of JSON (docs/json.md)")
  boolean json;

  DrillCommand(Invocation caller) {
    this.caller = caller;
  }

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load(caller);
    Drill drill = new Drill(target.resolve(loaded, ""));
    try (HeadlessRun headless = caller.open(loaded)) {
      boolean ok = headless.print(headless.run(drill), json);
      return (ok ? ExitCode.OK : ExitCode.RUN_FAILED).code();
    }
  }
}
