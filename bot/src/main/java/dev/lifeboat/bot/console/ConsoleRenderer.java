package dev.lifeboat.bot.console;

import dev.lifeboat.bot.chat.ChatRoom;
import dev.lifeboat.bot.chat.Markup;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.ReplyLines;
import dev.lifeboat.present.RunView;
import dev.lifeboat.present.Tone;
import dev.lifeboat.present.Transcript;
import dev.lifeboat.run.Origin;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's room: the shared wording as plain text with emoji. A terminal cannot edit a
 * message, so events print as a transcript; on a terminal a run's progress redraws one line,
 * in a pipe at most one progress line per second per run is printed, so logs stay readable.
 * Nothing from outside (a typed line, an error echoing it) reaches the terminal with its
 * control characters: no escape sequence can move the cursor or retitle the window.
 */
public final class ConsoleRenderer implements ChatRoom {
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private final PrintStream out;
  private final boolean terminal;
  private final boolean inChat;
  private final Clock clock;
  private final Map<Long, Instant> lastProgress = new ConcurrentHashMap<>();
  private boolean lineOpen;

  /**
   * @param terminal whether {@code out} is a terminal (redraw progress) or a pipe
   * @param inChat whether the reader can type commands (a console) or not (the CLI's stderr)
   */
  public ConsoleRenderer(PrintStream out, boolean terminal, boolean inChat, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.inChat = inChat;
    this.clock = clock;
  }

  public ConsoleRenderer(PrintStream out, boolean terminal, Clock clock) {
    this(out, terminal, true, clock);
  }

  /** The console shows everything: it is the operator's own view. */
  @Override
  public Optional<String> channelFor(Origin origin) {
    return Optional.of("console");
  }

  @Override
  public synchronized void run(String channel, RunView view, LifeboatEvent event) {
    switch (event) {
      case LifeboatEvent.StepStarted e -> progress(Transcript.of(e, inChat));
      case LifeboatEvent.StepProgress e -> {
        Instant now = clock.instant();
        Instant last = lastProgress.get(e.run().id());
        boolean due = last == null || Duration.between(last, now).compareTo(PROGRESS_EVERY) >= 0
            || (e.total() > 0 && e.done() == e.total());
        if (terminal || due) {
          lastProgress.put(e.run().id(), now);
          progress(Transcript.of(e, inChat));
        }
      }
      case LifeboatEvent.StepLog e -> {
        if (terminal) {
          progress(Transcript.of(e, inChat));
        }
      }
      case LifeboatEvent.StepFinished e -> {
        // On a terminal the redrawn line already showed it; failures always stay.
        if (!terminal || e.status() != LifeboatEvent.StepStatus.SUCCEEDED) {
          print(Transcript.of(e, inChat));
        }
      }
      case LifeboatEvent.RunFinished e -> {
        lastProgress.remove(e.run().id());
        print(Transcript.of(e, inChat));
      }
      case LifeboatEvent.RunStarted e -> print(Transcript.of(e, inChat));
      case LifeboatEvent.RunInterrupted e -> print(Transcript.of(e, inChat));
      case LifeboatEvent.QuestionAsked e -> print(Transcript.of(e, inChat));
      case LifeboatEvent.QuestionAnswered e -> print(Transcript.of(e, inChat));
      // Who approved a run was said when it was approved.
      case LifeboatEvent.ApprovalEvent e -> { }
      // Alerts come through alert(), incidents through incident().
      case LifeboatEvent.AlertEvent e -> { }
      case LifeboatEvent.IncidentEvent e -> { }
    }
  }

  @Override
  public synchronized void approval(String channel, ApprovalView view,
      LifeboatEvent.ApprovalEvent event) {
    print(Transcript.of(event, inChat));
  }

  @Override
  public synchronized void alert(String channel, LifeboatEvent.AlertEvent event) {
    print(dev.lifeboat.present.AlertLines.of(event));
  }

  /**
   * A terminal cannot edit the card: it is printed when the incident opens and when it is
   * resolved; /incident shows it at any time. Each event's own message prints as it comes.
   */
  @Override
  public synchronized void incident(String channel, dev.lifeboat.present.IncidentView view,
      LifeboatEvent.IncidentEvent event) {
    if (event instanceof LifeboatEvent.IncidentOpened) {
      print(view.lines());
    }
    dev.lifeboat.present.IncidentLines.notice(event).ifPresent(this::print);
  }

  /** A command's answer. */
  public synchronized void reply(Reply reply) {
    print(ReplyLines.of(reply));
  }

  public synchronized void print(List<Line> lines) {
    lines.forEach(l -> say(text(l)));
  }

  public synchronized void error(String message) {
    say(text(Line.of(Tone.WARNING).text(message).build()));
  }

  public synchronized void say(String line) {
    if (lineOpen) {
      out.print("\r\033[K");
      lineOpen = false;
    }
    out.println(safe(line));
    out.flush();
  }

  private void progress(List<Line> lines) {
    if (terminal && lines.size() == 1) {
      out.print("\r\033[K" + safe(text(lines.get(0))).replace('\n', ' '));
      out.flush();
      lineOpen = true;
    } else {
      print(lines);
    }
  }

  /** Plain text with emoji: the console has no markup to escape. */
  private static final Markup PLAIN = new Markup() {
    @Override
    public String text(String text) {
      return text;
    }

    @Override
    public String code(String text) {
      return text;
    }

    @Override
    public String bold(String text) {
      return text;
    }

    @Override
    public String mention(String person) {
      return person;
    }

    @Override
    public String status(Tone tone) {
      return emoji(tone);
    }
  };

  /** A line as plain text with emoji. */
  static String text(Line line) {
    return PLAIN.line(line);
  }

  /**
   * Text without the characters a terminal obeys: C0 and C1 controls but newline and tab (ESC
   * starts cursor moves and OSC window titles), DEL, and the bidi overrides and isolates that
   * make text read differently from what it is.
   */
  static String safe(String text) {
    StringBuilder s = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
          || c == 0x200e || c == 0x200f || c == 0x061c;
      if (control) {
        s.append('\uFFFD');
      } else {
        s.appendCodePoint(c);
      }
    });
    return s.toString();
  }

  static String emoji(Tone tone) {
    return switch (tone) {
      case OK -> "✅";
      case FAILED -> "❌";
      case RUNNING -> "🔄";
      case WAITING -> "▫";
      case SKIPPED -> "➖";
      case CANCELLED -> "⏹";
      case BUSY -> "⏳";
      case WARNING -> "⚠";
      case REFUSED -> "⛔";
      case LOCKED -> "🔐";
      case APPROVED -> "👍";
      case DENIED -> "🚫";
      case EXPIRED -> "⌛";
      case WITHDRAWN -> "↩";
      case ALARM -> "🚨";
      case STARTED -> "🚀";
      case QUESTION -> "❓";
    };
  }
}
