package dev.lifeboat.bot.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * A person at a terminal, with JLine: the arrows move in and through the history, Tab completes
 * commands, targets, backup, request and run ids, and output that arrives while they type is
 * printed above the prompt, which is then redrawn with what they had typed.
 */
public final class LineEditor implements ConsoleInput {
  private final Terminal terminal;
  private final LineReader reader;
  private final PrintStream output;

  LineEditor(Terminal terminal, Completer completer, Optional<Path> history) {
    this.terminal = terminal;
    LineReaderBuilder builder = LineReaderBuilder.builder().appName("lifeboat")
        .terminal(terminal).completer(completer)
        // A reason may contain "!" ("/deny a3 not now!"): no shell-style history expansion.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
    history.ifPresent(h -> builder.variable(LineReader.HISTORY_FILE, h));
    this.reader = builder.build();
    this.output = new PrintStream(new AbovePrompt(reader), true, StandardCharsets.UTF_8);
  }

  /**
   * The process's own terminal.
   *
   * @param history where typed lines are kept between sessions, like psql's ~/.psql_history
   */
  public static LineEditor open(Completer completer, Optional<Path> history)
      throws IOException {
    return new LineEditor(TerminalBuilder.builder().system(true).build(), completer, history);
  }

  @Override
  public String readLine(String prompt) {
    try {
      return reader.readLine(prompt);
    } catch (UserInterruptException e) {
      return ""; // Ctrl-C drops the typed line, as in a shell; Ctrl-D leaves
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public PrintStream output() {
    return output;
  }

  @Override
  public boolean interactive() {
    return true;
  }

  @Override
  public void close() throws IOException {
    terminal.close();
  }

  /** Whole lines to {@link LineReader#printAbove(String)}, which keeps the prompt below them. */
  private static final class AbovePrompt extends OutputStream {
    private final LineReader reader;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    AbovePrompt(LineReader reader) {
      this.reader = reader;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        reader.printAbove(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (b != '\r') {
        line.write(b);
      }
    }
  }
}
