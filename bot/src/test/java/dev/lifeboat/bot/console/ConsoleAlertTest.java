package dev.lifeboat.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.alert.Alert;
import dev.lifeboat.event.LifeboatEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An alert's life as the console prints it: who is pinged, how to take it, when it is over. */
class ConsoleAlertTest {
  private static final Alert ALERT = new Alert(3, "shop", "rpo", "The newest good backup of "
      + "shop is 1 d 2 h old, past its RPO of 1 d 1 h.", "default",
      Instant.parse("2026-11-23T10:00:00Z"), 1, Optional.empty(), Optional.empty(),
      Optional.empty());

  @Test
  void raisedEscalatedTakenResolved() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleRenderer console = new ConsoleRenderer(new PrintStream(bytes, true,
        StandardCharsets.UTF_8), false, Clock.systemUTC());

    console.publish(new LifeboatEvent.AlertRaised(ALERT, List.of("alice")));
    console.publish(new LifeboatEvent.AlertEscalated(ALERT, 2, 3, List.of("carol")));
    console.publish(new LifeboatEvent.AlertAcknowledged(ALERT, "carol"));
    console.publish(new LifeboatEvent.AlertResolved(ALERT, Duration.ofMinutes(75)));

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "🚨 al3 shop: The newest good backup of shop is 1 d 2 h old, past its RPO of 1 d 1 h. "
            + "· @alice · /ack al3 takes it",
        "🚨 al3 still open (level 2 of 3): The newest good backup of shop is 1 d 2 h old, past "
            + "its RPO of 1 d 1 h. · @carol · /ack al3",
        "👀 al3 taken by carol; escalation stopped.",
        "✅ al3 resolved after 1 h 15 min: shop is healthy again (rpo).");
  }
}
