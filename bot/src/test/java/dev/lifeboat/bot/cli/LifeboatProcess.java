package dev.lifeboat.bot.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code lifeboat} command in its own JVM, as cron, a terminal or a container runs it: its
 * own pid, its own environment, its output in a log file the test reads while it runs.
 */
public final class LifeboatProcess implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private final Process process;
  private final Path log;
  private final String name;

  private LifeboatProcess(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /**
   * Starts {@code lifeboat ARGS} with {@code environment} added to this JVM's, feeding it
   * {@code stdin} and closing it (a console reads its script and then finishes). Commands run
   * in their own process unless {@code environment} sets {@code LIFEBOAT_HANDOFF} otherwise.
   */
  public static LifeboatProcess start(Path directory, String name, Map<String, String> environment,
      String stdin, String... args) {
    return start(directory, name, environment, stdin, List.of("-cp",
        System.getProperty("java.class.path"), Main.class.getName()), args);
  }

  /**
   * Starts the launcher's small handoff JVM ({@link HandoffMain} from the built
   * {@code lifeboat-handoff.jar} alone), as {@code ./lifeboat} does when a serve's socket exists.
   */
  public static LifeboatProcess startHandoffJar(Path directory, String name,
      Map<String, String> environment, String... args) {
    Path jar = Path.of("target", "lifeboat-handoff.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: it is built by mvn package, before "
          + "the integration tests");
    }
    return start(directory, name, environment, "", List.of("-cp", jar.toString(),
        HandoffMain.class.getName()), args);
  }

  private static LifeboatProcess start(Path directory, String name,
      Map<String, String> environment, String stdin, List<String> main, String... args) {
    Path log = directory.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(main);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // A serve in one test must not take the commands of another: each test's processes meet
    // in a folder of its own, and hand commands over only where a test asks for it.
    builder.environment().put("LIFEBOAT_RUN_DIR", directory.resolve("run").toString());
    builder.environment().put("LIFEBOAT_HANDOFF", "off");
    builder.environment().putAll(environment);
    try {
      Process p = builder.start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      return new LifeboatProcess(p, log, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything it printed so far (stdout and stderr). */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until its output satisfies {@code condition}; fails if it exits first. */
  public String awaitOutput(String what, Predicate<String> condition) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      String out = output();
      if (condition.test(out)) {
        return out;
      }
      if (!process.isAlive()) {
        // One last look: it may have printed it just before exiting.
        out = output();
        if (condition.test(out)) {
          return out;
        }
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before "
            + what + "; its output:\n" + out);
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " never showed " + what + "; its output:\n" + output());
  }

  /** Waits for it to exit; returns the exit code. */
  public int awaitExit() throws Exception {
    if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit; its output:\n" + output());
    }
    return process.exitValue();
  }

  /** What {@code docker stop} and Kubernetes send first. */
  public void sigterm() {
    process.destroy();
  }

  /** A crash, an OOM kill, a pulled plug: no chance to clean up. */
  public void sigkill() throws Exception {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      sigkill();
    }
  }
}
