package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Command.BackupStatus;
import dev.lifeboat.command.Reply;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.monitor.Finding;
import dev.lifeboat.monitor.Severity;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lifeboat status}: per target the newest backup against its RPO, the last
 * verification and drill, and what the monitors find wrong, for monitors and cron. The same
 * findings as the alerts of {@code serve}, so a check and a chat alert never disagree.
 */
@Command(name = "status", description = "Show each target's newest backup against its RPO, "
    + "its last verification and drill, and what is wrong. Exit 4 when a target is critical "
    + "(RPO breached, last backup or verification failed, a store unreachable); warnings "
    + "(unproven, drill overdue, size jump) exit 0 unless --nagios.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "only this target")
  String target;

  @Option(names = "--json", description = "print the status as one line of JSON "
      + "(docs/json.md)")
  boolean json;

  @Option(names = "--nagios", description = "print one line for Nagios, Icinga or Sensu: "
      + "LIFEBOAT OK|WARNING|CRITICAL|UNKNOWN - ..., with performance data, and exit 0, 1, 2 "
      + "or 3 as the plugin guidelines say")
  boolean nagios;

  @Override
  public Integer call() {
    if (json && nagios) {
      throw new CliProblem("usage", "--json and --nagios exclude each other: choose one.");
    }
    LifeboatConfig loaded = config.load();
    if (target != null) {
      loaded.target(target);
    }
    try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
      Reply.Status all = (Reply.Status) lifeboat.commands().execute(BackupCommand.operator(),
          new BackupStatus(), Origin.of("cli"));
      Reply.Status status = new Reply.Status(all.targets().stream()
          .filter(t -> target == null || t.target().equals(target)).toList(), all.now());
      List<String> shown = status.targets().stream().map(Reply.TargetStatus::target).toList();
      List<Finding> findings = lifeboat.monitors().check().stream()
          .filter(f -> shown.contains(f.target())).toList();
      StatusVerdict verdict = StatusVerdict.of(findings);
      if (nagios) {
        System.out.println(nagiosLine(status, findings, verdict));
        return verdict.nagios();
      }
      if (json) {
        System.out.println(OutputJson.status(status, findings, verdict.label()));
      } else {
        new ConsoleRenderer(System.out, false, Clock.systemUTC()).reply(status);
        for (Finding f : findings) {
          System.out.println((Severity.of(f) == Severity.CRITICAL ? "✗ " : "! ")
              + Severity.of(f).label() + ": " + f.summary());
        }
        System.out.println("status: " + verdict.label());
      }
      return verdict.exit().code();
    }
  }

  /**
   * {@code LIFEBOAT CRITICAL - shop: ...; crm: ok | shop_newest_age=...}: the worst first,
   * what a pager shows, then per target the newest backup's age with the RPO as critical
   * threshold, for graphs.
   */
  private static String nagiosLine(Reply.Status status, List<Finding> findings,
      StatusVerdict verdict) {
    List<String> parts = new ArrayList<>();
    List<String> perf = new ArrayList<>();
    for (Reply.TargetStatus t : status.targets()) {
      List<Finding> own = findings.stream().filter(f -> f.target().equals(t.target()))
          .sorted((a, b) -> Severity.of(b).compareTo(Severity.of(a))).toList();
      String newest = t.latest().map(b -> "newest backup " + Ago.of(Duration.between(
          b.manifest().finishedAt(), status.now())) + " old (RPO " + Ago.of(t.rpo()) + ")")
          .orElse("no backup yet");
      parts.add(t.target() + ": " + (own.isEmpty() ? newest : String.join(" ",
          own.stream().map(Finding::summary).toList())));
      t.latest().ifPresent(b -> perf.add("'" + t.target() + "_newest_age'="
          + Duration.between(b.manifest().finishedAt(), status.now()).toSeconds() + "s;;"
          + t.rpo().toSeconds()));
    }
    String text = parts.isEmpty() ? "no targets" : String.join("; ", parts);
    // One line: a message with a newline would cut the plugin output short.
    return "LIFEBOAT " + verdict.name() + " - " + text.replace('\n', ' ')
        + (perf.isEmpty() ? "" : " | " + String.join(" ", perf));
  }
}
