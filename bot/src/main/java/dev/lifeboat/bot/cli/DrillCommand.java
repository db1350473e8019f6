package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
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
  @Mixin ConfigOption config;

  @Mixin TargetOption target;

  @Option(names = "--json", description = "print the run as one line of JSON (docs/json.md)")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load();
    Drill drill = new Drill(target.resolve(loaded, ""));
    try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
      HeadlessRun headless = HeadlessRun.on(lifeboat);
      boolean ok = headless.print(headless.run(drill), json);
      return (ok ? ExitCode.OK : ExitCode.RUN_FAILED).code();
    }
  }
}
