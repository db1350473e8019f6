package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@code status --nagios} cannot look at all, it says UNKNOWN and exits 3, as the plugin
 * guidelines ask: a broken config or a wrong command line is not a CRITICAL about the backups.
 * HeadlessCliIT covers OK and CRITICAL against a real database.
 */
class NagiosModeTest {
  @TempDir Path dir;

  private record Result(int exit, String out) {}

  private static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return new Result(Main.execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void anInvalidConfigIsUnknownWithTheReasonOnOneLine() throws Exception {
    Path file = dir.resolve("lifeboat.yaml");
    Files.writeString(file, "targets:\n  shop:\n    url: postgresql://app@db:5432/shop\n"
        + "    rpo: soon\nstores:\n  local: {type: local, path: backups}\n");

    Result r = run("status", "--nagios", "--config", file.toString());

    assertThat(r.exit).isEqualTo(3);
    assertThat(r.out).startsWith("LIFEBOAT UNKNOWN - ").contains("rpo").hasLineCount(1);
  }

  @Test
  void aWrongCommandLineIsUnknown() {
    Result r = run("status", "--nagios", "--frobnicate");

    assertThat(r.exit).isEqualTo(3);
    assertThat(r.out).startsWith("LIFEBOAT UNKNOWN - ").contains("--frobnicate");
  }
}
