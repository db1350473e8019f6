package dev.lifeboat.bot.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code lifeboat ARGS} in a child JVM, as cron or a terminal would. Headless commands read
 * secrets from the process environment, which a test cannot change in its own JVM.
 */
record ChildCli(int exit, String out, String err) {

  static ChildCli run(Map<String, String> environment, String stdin, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName());
    builder.command().addAll(List.of(args));
    builder.environment().put("LIFEBOAT_HANDOFF", "off");   // never a serve of another test's
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> {
      try {
        p.getErrorStream().transferTo(err);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    errReader.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    errReader.join();
    return new ChildCli(exit, out, err.toString(StandardCharsets.UTF_8));
  }
}
