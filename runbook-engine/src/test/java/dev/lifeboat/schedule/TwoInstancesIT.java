package dev.lifeboat.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Lifeboat instances on one PostgreSQL state database, one clock: every slot of a
 * quarter-hourly schedule becomes one backup, whichever instance wins it, even when both tick
 * at the same moment; the retention policy prunes after each.
 */
@ExtendWith(PostgresExtension.class)
class TwoInstancesIT {
  @TempDir Path dir;

  @Test
  void eachSlotIsFiredByExactlyOneInstance(TestPostgres pg) throws Exception {
    TestDatabase shop = pg.newDatabase();
    shop.execute("CREATE TABLE orders (id int primary key); INSERT INTO orders VALUES (1), (2)");
    TestDatabase stateDb = pg.newDatabase();
    TestConfig test = new TestConfig(dir).target("shop", shop).postgresState(stateDb)
        .targetOption("shop", "schedule", "{backup: \"*/15 * * * *\", verify: off, drill: off}")
        .targetOption("shop", "retention", "{daily: 1, weekly: 0, monthly: 0, min_count: 2, "
            + "min_age: 0s}");
    LifeboatConfig config = test.load();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:07:00Z"));
    RecordingSink events = new RecordingSink();
    try (Lifeboat a = Lifeboat.start(config, test.environment(), clock, PgTools.discover());
        Lifeboat b = Lifeboat.start(config, test.environment(), clock, PgTools.discover())) {
      a.events().subscribe(events);
      b.events().subscribe(events);
      a.tick();
      b.tick(); // both see the schedule for the first time: nothing fires for 10:00

      for (int slot = 0; slot < 3; slot++) {
        clock.advance(Duration.ofMinutes(15));
        CyclicBarrier together = new CyclicBarrier(2);
        // Threads of their own: the common pool may have a single worker on two cores.
        CompletableFuture<List<Scheduler.Fired>> ta = CompletableFuture.supplyAsync(
            () -> tickWith(a, together), runnable -> new Thread(runnable, "instance-a").start());
        CompletableFuture<List<Scheduler.Fired>> tb = CompletableFuture.supplyAsync(
            () -> tickWith(b, together), runnable -> new Thread(runnable, "instance-b").start());
        List<Scheduler.Fired> byA = ta.get(60, TimeUnit.SECONDS);
        List<Scheduler.Fired> byB = tb.get(60, TimeUnit.SECONDS);
        assertThat(byA.size() + byB.size()).as("firings of slot %d", slot).isEqualTo(1);
        // Let the run end before the next slot, as fifteen minutes would.
        for (Scheduler.Fired f : byA) {
          a.engine().completion(f.run().orElseThrow().id()).get(120, TimeUnit.SECONDS);
        }
        for (Scheduler.Fired f : byB) {
          b.engine().completion(f.run().orElseThrow().id()).get(120, TimeUnit.SECONDS);
        }
      }

      List<LifeboatEvent.RunFinished> finished = events.of(LifeboatEvent.RunFinished.class);
      assertThat(finished).hasSize(3)
          .allSatisfy(f -> assertThat(f.state()).isEqualTo(RunState.SUCCEEDED))
          .allSatisfy(f -> assertThat(f.run().requestedBy()).isEqualTo("schedule"));
      // Each backup was followed by the retention policy: the two newest remain.
      assertThat(a.catalog().list(java.util.Optional.of("shop"), 10))
          .extracting(r -> r.manifest().finishedAt()).containsExactly(
              Instant.parse("2026-11-23T10:52:00Z"), Instant.parse("2026-11-23T10:37:00Z"));
    }
    try (Connection c = stateDb.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT state, count(*) FROM schedule_firings "
            + "GROUP BY state ORDER BY state")) {
      StringBuilder rows = new StringBuilder();
      while (r.next()) {
        rows.append(r.getString(1)).append('=').append(r.getLong(2)).append(' ');
      }
      assertThat(rows.toString().strip()).isEqualTo("BASELINE=1 STARTED=3");
    }
  }

  private static List<Scheduler.Fired> tickWith(Lifeboat lifeboat, CyclicBarrier together) {
    try {
      together.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return lifeboat.tick();
  }
}
