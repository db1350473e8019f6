package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lifeboat catalog rebuild}: re-reads the manifests in every store. */
@Command(name = "catalog", description = "Work with the backup catalog.",
    subcommands = {CatalogCommand.Rebuild.class})
final class CatalogCommand {
  @Command(name = "rebuild", description = "Rebuild the catalog from the manifests in the "
      + "stores (they are the source of truth).")
  static final class Rebuild implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      try (Lifeboat lifeboat = ConfigOption.start(config.load(), ConfigOption.environment())) {
        BackupCatalog.Sync sync = lifeboat.catalog().rebuild(lifeboat.stores().all());
        System.out.println("catalog rebuilt: " + sync.total() + " backups in the stores, "
            + sync.added() + " added, " + sync.removed() + " removed");
        // A store that could not be read is said, and the exit code shows it to cron.
        sync.unreachable().forEach(reason -> System.err.println("not read: " + reason
            + " Its backups stay in the catalog as they were."));
        return sync.unreachable().isEmpty() ? 0 : 1;
      }
    }
  }
}
