package dev.lifeboat.process;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.run.Cancellation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running PostgreSQL client tool. Commands are argument lists, never shell strings; secrets go
 * in the environment; stderr is read on its own thread (a full stderr pipe would stall the tool)
 * and its tail is kept for error messages; a cancellation stops the process.
 */
public final class ToolRun implements AutoCloseable {
  private static final int TAIL = 30;

  private final Process process;
  private final String name;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread stderrReader;
  private final AutoCloseable cancelHook;

  private ToolRun(Process process, String name, Consumer<String> stderrLines,
      Cancellation cancellation) {
    this.process = process;
    this.name = name;
    this.stderrReader = new Thread(() -> readStderr(stderrLines), name + "-stderr");
    this.stderrReader.setDaemon(true);
    this.stderrReader.start();
    this.cancelHook = cancellation.onCancel(this::stop);
  }

  /**
   * Starts {@code command} with PATH, locale and time zone from this process plus
   * {@code environment} (the libpq variables of the one database it works on), and nothing
   * else of this process's environment: see {@link ToolEnvironment}.
   */
  public static ToolRun start(List<String> command, Map<String, String> environment,
      Consumer<String> stderrLines, Cancellation cancellation) {
    return start(command, ToolEnvironment.forTool(environment), stderrLines, cancellation);
  }

  /** Starts {@code command} with exactly {@code environment}. */
  public static ToolRun start(List<String> command, ToolEnvironment environment,
      Consumer<String> stderrLines, Cancellation cancellation) {
    return start(command, environment, stderrLines, cancellation, false);
  }

  /**
   * As {@link #start(List, Map, Consumer, Cancellation)}, with {@link #stdin()} open for the
   * caller to feed (pg_restore reading a stream that is decrypted or downloaded on the way).
   */
  public static ToolRun startWithInput(List<String> command, Map<String, String> environment,
      Consumer<String> stderrLines, Cancellation cancellation) {
    return start(command, ToolEnvironment.forTool(environment), stderrLines, cancellation, true);
  }

  private static ToolRun start(List<String> command, ToolEnvironment environment,
      Consumer<String> stderrLines, Cancellation cancellation, boolean input) {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment.variables());
    if (!input) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    String name = java.nio.file.Path.of(command.get(0)).getFileName().toString();
    try {
      return new ToolRun(builder.start(), name, stderrLines, cancellation);
    } catch (IOException e) {
      throw new LifeboatException("Cannot start " + command.get(0) + ": " + e.getMessage()
          + ". Install the PostgreSQL client tools (apt-get install postgresql-client).", e);
    }
  }

  public InputStream stdout() {
    return process.getInputStream();
  }

  /** The tool's standard input; only open after {@link #startWithInput}. */
  public java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Waits for the tool to exit and for its stderr to be read; returns the exit code. */
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    stderrReader.join(TimeUnit.SECONDS.toMillis(5));
    return code;
  }

  /** The last lines the tool wrote to stderr. */
  public List<String> stderrTail() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  /** A short reason for a failure: the tool's last error lines. */
  public String failure(int exitCode) {
    List<String> lines = stderrTail().stream()
        .filter(l -> !l.contains(": dumping contents") && !l.contains(": processing item")
            && !l.contains(": reading ") && !l.contains(": identifying ")
            && !l.contains(": saving ") && !l.contains(": last built-in")
            && !l.contains(": finding ") && !l.contains(": flagging "))
        .toList();
    List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
    return name + " failed (exit " + exitCode + ")" + (last.isEmpty() ? "" : ": "
        + String.join(" / ", last));
  }

  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void readStderr(Consumer<String> stderrLines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL) {
            tail.removeFirst();
          }
        }
        stderrLines.accept(line);
      }
    } catch (IOException e) {
      // the process ended; whatever was read is in the tail
    }
  }

  @Override
  public void close() {
    stop();
    try {
      cancelHook.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
