package dev.lifeboat.schedule;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.postgres.PgTools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A Lifeboat process of its own for {@link TwoProcessesIT}: opens the config, ticks once at the
 * given instant, waits for what it fired, prints one line per firing and exits. The password
 * comes from the environment, as for any Lifeboat.
 *
 * <p>Arguments: CONFIG INSTANT.
 */
public final class TickOnce {
  private TickOnce() {}

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
    try (Lifeboat lifeboat = Lifeboat.start(new ConfigLoader(System.getenv()).load(Path.of(
        args[0])), System.getenv(), clock, PgTools.discover())) {
      for (Scheduler.Fired fired : lifeboat.tick()) {
        var state = lifeboat.engine().completion(fired.run().orElseThrow().id())
            .get(120, TimeUnit.SECONDS);
        System.out.println("fired " + fired.slot() + " " + state);
      }
    }
  }
}
