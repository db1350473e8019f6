package dev.lifeboat.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Lifeboat JVMs on one PostgreSQL state database, started at the same moment for the same
 * slot: between them the slot fires once. Their clocks are fixed instants, so nothing waits
 * for real time.
 */
@ExtendWith(PostgresExtension.class)
class TwoProcessesIT {
  @TempDir Path dir;

  private static Process tick(TestConfig test, Path config, String instant) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", System.getProperty("java.class.path"),
        TickOnce.class.getName(), config.toString(), instant);
    builder.environment().putAll(test.environment());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private static String output(Process p) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit of a Lifeboat process, output: %s", out).isZero();
    return out;
  }

  @Test
  void twoJvmsTickingTheSameSlotFireItOnce(TestPostgres pg) throws Exception {
    TestDatabase shop = pg.newDatabase();
    shop.execute("CREATE TABLE orders (id int primary key); INSERT INTO orders VALUES (1)");
    TestConfig test = new TestConfig(dir).target("shop", shop).postgresState(pg.newDatabase())
        .targetOption("shop", "schedule", "{backup: \"*/15 * * * *\", verify: off, drill: off}");
    Path config = test.write();

    // Both see the schedule first at 10:07 (nothing fires), then both tick at 10:16.
    output(tick(test, config, "2026-11-23T10:07:00Z"));
    Process a = tick(test, config, "2026-11-23T10:16:00Z");
    Process b = tick(test, config, "2026-11-23T10:16:00Z");
    List<String> fired = (output(a) + output(b)).lines().filter(l -> l.startsWith("fired"))
        .toList();

    assertThat(fired).containsExactly("fired 2026-11-23T10:15:00Z SUCCEEDED");
  }
}
