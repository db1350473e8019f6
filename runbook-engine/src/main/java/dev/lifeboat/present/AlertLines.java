package dev.lifeboat.present;

import dev.lifeboat.alert.Alert;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Ago;
import java.util.List;

/**
 * An alert's message: what broke on which target, who is pinged, and how to take it. One message
 * per event, so each ping notifies the people it names.
 */
public final class AlertLines {
  private AlertLines() {}

  public static List<Line> of(LifeboatEvent.AlertEvent event) {
    Alert a = event.alert();
    return switch (event) {
      case LifeboatEvent.AlertRaised e -> List.of(Line.of(Tone.ALARM).code(a.ref()).text(" ")
          .bold(a.target()).text(": " + a.summary() + " · /ack " + a.ref() + " takes it")
          .build(), cc(e.mentions()));
      case LifeboatEvent.AlertEscalated e -> List.of(Line.of(Tone.ALARM).code(a.ref())
          .text(" still open, nobody took it (level " + e.level() + " of " + e.of() + "): "
              + a.summary() + " · /ack " + a.ref() + " takes it").build(), cc(e.mentions()));
      case LifeboatEvent.AlertAcknowledged e -> List.of(Line.of(Tone.OK).code(a.ref())
          .text(" taken by ").mention(e.by()).text("; escalation stopped.").build());
      case LifeboatEvent.AlertResolved e -> List.of(Line.of(Tone.OK).code(a.ref())
          .text(" resolved after " + Ago.of(e.open()) + ": " + a.target() + " is healthy again ("
              + a.monitor() + ").").build());
    };
  }

  /** The message's notification text, for phones. */
  public static String notification(LifeboatEvent.AlertEvent event) {
    Alert a = event.alert();
    return a.ref() + " " + a.target() + ": " + a.summary();
  }

  private static Line cc(List<String> mentions) {
    return Line.builder().text("cc ").mentions(mentions, "nobody (no escalation policy)")
        .build();
  }
}
