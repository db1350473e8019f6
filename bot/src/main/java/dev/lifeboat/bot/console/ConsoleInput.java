package dev.lifeboat.bot.console;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;

/** Where the console's lines come from: a person at a terminal, or a script through a pipe. */
public interface ConsoleInput extends Closeable {
  /** The next line, or null at the end (Ctrl-D, the end of the pipe). */
  String readLine(String prompt) throws IOException;

  /**
   * Where everything Lifeboat says goes, so that output arriving while a person types (a run's
   * progress, an approval from Slack) lands above the prompt, never inside the typed line.
   */
  PrintStream output();

  /** Whether a person types (a prompt, one command at a time) or a script pipes. */
  boolean interactive();
}
