package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.Preflight;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.store.Store;
import dev.lifeboat.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lifeboat config check}: validates the config and tries every connection. */
@Command(name = "config", description = "Work with lifeboat.yaml.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {
  @Command(name = "check", description = "Validate the config, the runbooks and the state "
      + "database, then connect to every target and compare pg_dump with its server.")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      LifeboatConfig loaded = config.load();
      System.out.println("✓ " + config.path() + ": valid (" + loaded.targets().size()
          + " targets, " + loaded.stores().size() + " stores, " + loaded.people().size()
          + " people)");
      // The adapters' own sections were checked with the rest; say what they will do.
      loaded.chat().adapters().forEach((platform, settings) -> System.out.println("✓ chat."
          + platform + ": " + settings));
      boolean ok = true;
      try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
        System.out.println("✓ runbooks: " + String.join(", ", lifeboat.runbooks().keySet()));
        System.out.println("✓ state: " + lifeboat.state().describe());
        for (Store store : lifeboat.stores().all()) {
          ok &= checkStore(store, loaded);
        }
        for (Target target : loaded.targets().values()) {
          try {
            Preflight p = lifeboat.preflight().check(target, line -> { });
            System.out.println("✓ target " + target.name() + ": PostgreSQL " + p.serverVersion()
                + " at " + target.connection().redacted() + ", pg_dump " + p.tools().version()
                + " from " + p.tools().binDir());
            var scratch = lifeboat.scratchServers().describe(target, p.serverMajor());
            System.out.println((scratch.onProduction() ? "! " : "✓ ") + "verify " + target.name()
                + ": scratch restores run on " + scratch.description());
          } catch (LifeboatException | SQLException e) {
            ok = false;
            System.out.println("✗ target " + target.name() + ": " + e.getMessage());
          }
          System.out.println("  " + upkeep(loaded, target.name()));
        }
      }
      return (ok ? ExitCode.OK : ExitCode.CHECK_FAILED).code();
    }

    /** What serve will do for the target on its own, so a reader sees the effective defaults. */
    private static String upkeep(LifeboatConfig config, String target) {
      var upkeep = config.upkeep(target);
      String schedules = upkeep.schedules().isEmpty() ? "no schedules"
          : String.join(", ", upkeep.schedules().stream().map(s -> s.kind().runbook() + " \""
              + s.cron() + "\"").toList()) + " (" + upkeep.zone().getId() + ")";
      return target + ": " + schedules + "; retention: " + upkeep.retention()
          .map(r -> r.describe()).orElse("none, nothing is deleted") + "; alerts: "
          + upkeep.monitors().escalation().map(p -> "escalation policy " + p)
              .orElse("no escalation policy, nobody is pinged");
    }

    private static boolean checkStore(Store store, LifeboatConfig config) {
      if (!(config.stores().get(store.name())
          instanceof dev.lifeboat.store.StoreSpec.Local local)) {
        // A bucket: reachable with these credentials (HeadBucket), without writing to it.
        try {
          store.probe();
          System.out.println("✓ store " + store.describe() + ": reachable");
          return true;
        } catch (dev.lifeboat.store.StoreException e) {
          System.out.println("✗ store " + e.getMessage());
          return false;
        }
      }
      Path path = local.path();
      try {
        Files.createDirectories(path);
        Path probe = Files.createTempFile(path, ".lifeboat-check", ".tmp");
        Files.delete(probe);
        System.out.println("✓ store " + store.describe() + ": writable"
            + store.freeBytes().stream().mapToObj(b -> ", "
                + dev.lifeboat.backup.Sizes.human(b) + " free").findFirst().orElse(""));
        return true;
      } catch (java.io.IOException e) {
        System.out.println("✗ store " + store.describe() + ": not writable (" + e.getMessage()
            + ")");
        return false;
      }
    }
  }
}
