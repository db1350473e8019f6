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

    console.alert("console", new LifeboatEvent.AlertRaised(ALERT, List.of("alice")));
    console.alert("console", new LifeboatEvent.AlertEscalated(ALERT, 2, 3, List.of("carol")));
    console.alert("console", new LifeboatEvent.AlertAcknowledged(ALERT, "carol"));
    console.alert("console", new LifeboatEvent.AlertResolved(ALERT, Duration.ofMinutes(75)));

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).contains("al3").contains("shop").contains("The newest good backup "
        + "of shop is 1 d 2 h old, past its RPO of 1 d 1 h. · /ack al3 takes it");
    assertThat(lines.get(1)).contains("cc").contains("alice");
    assertThat(lines.get(2)).contains("al3 still open, nobody took it (level 2 of 3)")
        .contains("/ack al3 takes it");
    assertThat(lines.get(3)).contains("cc").contains("carol");
    assertThat(lines.get(4)).contains("al3 taken by").contains("carol")
        .contains("escalation stopped.");
    assertThat(lines.get(5)).contains("al3 resolved after 1 h 15 min: shop is healthy again "
        + "(rpo).");
  }
}
