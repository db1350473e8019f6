package dev.lifeboat.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.command.Reply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/**
 * The console's line editing, driven by the keys a person presses on a real JLine terminal
 * whose input and output are streams here.
 */
class LineEditorTest {
  private static final List<Reply.CommandHelp> HELP = List.of(
      new Reply.CommandHelp("/backup now [target]", ""),
      new Reply.CommandHelp("/backup list [target]", ""),
      new Reply.CommandHelp("/verify [backup|latest] [target]", ""),
      new Reply.CommandHelp("/cancel r12 | a3", ""),
      new Reply.CommandHelp("/as NAME", ""));

  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private List<String> type(String keys) throws Exception {
    ConsoleCompletion completion = new ConsoleCompletion(HELP,
        () -> List.of("shop", "crm", "latest", "shop-20261201-020000", "a3", "r12"),
        () -> List.of("alice", "bob"));
    ExternalTerminal terminal = new ExternalTerminal("test", "xterm",
        new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen,
        StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    try (LineEditor editor = new LineEditor(terminal, completion, Optional.empty())) {
      for (String line = editor.readLine("alice> "); line != null;
          line = editor.readLine("alice> ")) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void tabCompletesCommandsSubcommandsTargetsAndPeople() throws Exception {
    assertThat(type("/ba\tl\t\r/verify c\t\r/as b\t\r")).containsExactly("/backup list ",
        "/verify crm ", "/as bob ");
  }

  @Test
  void theUpArrowRecallsTheLastLineInsteadOfTypingAnEscapeSequence() throws Exception {
    // JLine puts the terminal in keypad mode, where xterm's up arrow sends ESC O A.
    assertThat(type("/backup now shop\r\033OA\r")).containsExactly("/backup now shop",
        "/backup now shop");
  }

  @Test
  void outputPrintedWhileReadingEndsUpOnTheTerminalAsWholeLines() throws Exception {
    ExternalTerminal terminal = new ExternalTerminal("test", "xterm",
        new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
    try (LineEditor editor = new LineEditor(terminal, new ConsoleCompletion(HELP, List::of,
        List::of), Optional.empty())) {
      editor.output().println("✅ r1 backup of shop succeeded");
      editor.output().print("half a line");
    }
    assertThat(screen.toString(StandardCharsets.UTF_8))
        .contains("✅ r1 backup of shop succeeded").doesNotContain("half a line");
  }
}
