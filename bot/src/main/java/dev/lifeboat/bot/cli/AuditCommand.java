package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.audit.AuditLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lifeboat audit verify}: checks the audit log's hash chain. */
@Command(name = "audit", description = "Work with the audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand {
  @Command(name = "verify", description = "Check that no audit entry was changed or removed.")
  static final class Verify implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() {
      try (Lifeboat lifeboat = ConfigOption.start(config.load(), ConfigOption.environment())) {
        AuditLog.Verification v = lifeboat.audit().verify();
        if (v.intact()) {
          System.out.println("audit log intact: " + v.entries() + " entries, hash chain verified");
          return ExitCode.OK.code();
        }
        System.out.println("audit log BROKEN: " + v.firstProblem().orElseThrow());
        return ExitCode.CHECK_FAILED.code();
      }
    }
  }
}
