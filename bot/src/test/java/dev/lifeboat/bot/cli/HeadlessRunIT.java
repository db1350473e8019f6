package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.Command;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM from a cron {@code timeout}, or the handed command line going away) that
 * arrives before the command's run has started: while Lifeboat opens its state database, or
 * recovers what a killed process left. It used to be dropped, and the backup then ran to the
 * end although it had been told to stop.
 */
@ExtendWith(PostgresExtension.class)
class HeadlessRunIT {
  @TempDir Path dir;

  @Test
  void aStopBeforeTheRunStartsCancelsTheRunAsSoonAsItStarts(TestPostgres pg) throws Exception {
    TestDatabase shop = pg.newDatabase();
    shop.execute("CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders VALUES (1)");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", shop).start();
        HeadlessRun headless = HeadlessRun.within(lifeboat, caller(err), Origin.of("cli"))) {
      headless.cancel("SIGTERM");

      LifeboatEvent.RunFinished finished =
          headless.run(new Command.BackupNow(Optional.of("shop")));

      assertThat(finished.state()).isEqualTo(RunState.CANCELLED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e).contains("SIGTERM"));
      assertThat(lifeboat.catalog().latest("shop")).isEmpty();
    }
    Path store = dir.resolve("backups");
    if (Files.exists(store)) {
      try (Stream<Path> stored = Files.walk(store)) {
        assertThat(stored.filter(Files::isRegularFile)).as("nothing of a backup is left")
            .isEmpty();
      }
    }
  }

  /** The command line of this test: its streams, acting as cli:tester. */
  private static Invocation caller(ByteArrayOutputStream err) {
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new Invocation() {
      @Override
      public PrintStream out() {
        return stream;
      }

      @Override
      public PrintStream err() {
        return stream;
      }

      @Override
      public Map<String, String> environment() {
        return Map.of();
      }

      @Override
      public Path resolve(Path path) {
        return path;
      }

      @Override
      public Person operator() {
        return BackupCommand.operator("tester");
      }

      @Override
      public HeadlessRun open(LifeboatConfig config) {
        throw new UnsupportedOperationException("the test opens its own");
      }
    };
  }
}
