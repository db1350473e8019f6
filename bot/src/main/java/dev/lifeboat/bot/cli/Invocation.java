package dev.lifeboat.bot.cli;

import dev.lifeboat.access.Person;
import dev.lifeboat.config.LifeboatConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command that starts a run (backup now, verify, drill) was typed and where it runs:
 * in this process, or handed to a {@code serve} on this machine ({@link HandoffServer}). Either
 * way the command reads the caller's options, environment and configuration, and writes to the
 * caller's stdout and stderr.
 */
interface Invocation {
  PrintStream out();

  PrintStream err();

  /** The caller's environment, with {@code NAME_FILE} expanded ({@link ConfigOption#environment()}). */
  Map<String, String> environment();

  /** A path the caller named, as the caller's working directory resolves it. */
  Path resolve(Path path);

  /** The person the command acts as, in the audit log: cli:USER. */
  Person operator();

  /** Where runs on {@code config} start: a Lifeboat of this process's own, or the serve's. */
  HeadlessRun open(LifeboatConfig config);

  /** This process, as a cron job or a terminal runs a command. */
  static Invocation here() {
    return new Here();
  }

  /** This process: its own streams, environment and Lifeboat. */
  final class Here implements Invocation {
    @Override
    public PrintStream out() {
      return System.out;
    }

    @Override
    public PrintStream err() {
      return System.err;
    }

    @Override
    public Map<String, String> environment() {
      return ConfigOption.environment();
    }

    @Override
    public Path resolve(Path path) {
      return path;
    }

    @Override
    public Person operator() {
      return BackupCommand.operator();
    }

    @Override
    public HeadlessRun open(LifeboatConfig config) {
      // Trapped before Lifeboat opens: a SIGTERM then (a cron timeout) no longer ends the JVM
      // while it prepares the state database; the run it would start is cancelled instead.
      StopSignal stop = StopSignal.install();
      return HeadlessRun.here(ConfigOption.start(config, environment()), this, stop);
    }
  }
}
