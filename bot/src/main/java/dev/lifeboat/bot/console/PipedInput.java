package dev.lifeboat.bot.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * Lines read as they come: a script through a pipe, or a terminal without line editing
 * (serve's console, which shares the terminal with serve's own output).
 */
public final class PipedInput implements ConsoleInput {
  private final BufferedReader in;
  private final PrintStream out;
  private final boolean interactive;

  /** @param interactive whether to print a prompt before each line */
  public PipedInput(BufferedReader in, PrintStream out, boolean interactive) {
    this.in = in;
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public String readLine(String prompt) throws IOException {
    if (interactive) {
      out.print(prompt);
      out.flush();
    }
    return in.readLine();
  }

  @Override
  public PrintStream output() {
    return out;
  }

  @Override
  public boolean interactive() {
    return interactive;
  }

  @Override
  public void close() {
    // standard input belongs to the process
  }
}
