package dev.lifeboat.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Lifeboat process stopped while it creates the embedded state database (its very first
 * command, stopped by a cron {@code timeout} or a kill) leaves nothing the next process cannot
 * open. H2's DDL is not transactional, and Flyway refuses a database with a half-run migration
 * for good, so the database must appear only whole. A real JVM, stopped in the middle of the
 * migrations: a Flyway callback on its class path alone (afterEachMigrate.sql) marks the moment
 * the first migration is done and then keeps the database busy until the stop.
 */
class KilledWhileCreatingStateIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SIGTERM", "SIGKILL"})
  void aProcessStoppedWhileItMigratesANewStateLeavesOneTheNextProcessOpens(String signal)
      throws Exception {
    Path path = dir.resolve("state/lifeboat");
    Path marker = dir.resolve("migrating");
    Path callbacks = dir.resolve("callbacks/db/migration");
    Files.createDirectories(callbacks);
    Files.writeString(callbacks.resolve("afterEachMigrate.sql"), "CALL FILE_WRITE("
        + "STRINGTOUTF8('one done'), '" + marker + "');\n"
        + "SELECT count(*) FROM SYSTEM_RANGE(1, 9000000000);\n");

    Process child = start(path, dir.resolve("callbacks"));
    assertThat(output(child).readLine()).isEqualTo("creating");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(marker).as("the child's first migration ran").exists();
    if (signal.equals("SIGTERM")) {
      child.destroy();
    } else {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    try (StateDatabase db = StateDatabase.open(StateSettings.embedded(path));
        Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT max(CAST(\"version\" AS INT)) FROM "
            + "\"flyway_schema_history\" WHERE \"success\"")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(StateDatabase.SCHEMA_VERSION);
    }
    assertThat(names(path.getParent())).noneMatch(name -> name.contains(".new-"));
  }

  private static Process start(Path path, Path extraClassPath) throws IOException {
    Files.createDirectories(path.getParent());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", extraClassPath + File.pathSeparator
        + System.getProperty("java.class.path"), CreateState.class.getName(), path.toString());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private static BufferedReader output(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
