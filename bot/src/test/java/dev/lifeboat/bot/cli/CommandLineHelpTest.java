package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** --help, help, completion and man pages, for every command the command line has. */
class CommandLineHelpTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    return run(Main.commandLine(), args);
  }

  private static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Every command's words, e.g. [backup, now], from the same model --help uses. */
  private static List<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(Main.commandLine().getCommandSpec(), new ArrayList<>(), all);
    return all;
  }

  private static void collect(CommandSpec spec, List<String> words, List<List<String>> all) {
    all.add(List.copyOf(words));
    spec.subcommands().forEach((name, sub) -> {
      List<String> next = new ArrayList<>(words);
      next.add(name);
      collect(sub.getCommandSpec(), next, all);
    });
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndTheExitStatusesAndExitsZero() {
    List<List<String>> commands = commands();
    assertThat(commands).contains(List.of("backup", "now"), List.of("console"),
        List.of("config", "check"), List.of("completion"), List.of("man"));
    for (List<String> words : commands) {
      List<String> args = new ArrayList<>(words);
      args.add("--help");
      Run r = run(args.toArray(String[]::new));
      assertThat(r.exit).as("%s --help: %s", words, r.err).isZero();
      assertThat(r.out).as("%s --help", words)
          .contains("Usage: " + String.join(" ", prepend("lifeboat", words)) + " [")
          .contains("Exit status:", "3   lifeboat.yaml, a runbook or a secret");
    }
  }

  @Test
  void cronsCommandsBuiltAloneSayWhatTheWholeModelSays() {
    List<String> cron = List.of("backup", "verify", "drill", "status");
    List<List<String>> theirs = commands().stream()
        .filter(words -> !words.isEmpty() && cron.contains(words.get(0))).toList();
    assertThat(theirs).contains(List.of("backup", "now"), List.of("verify"), List.of("status"));
    for (List<String> words : theirs) {
      for (String last : List.of("--help", "--no-such-option")) {
        List<String> withLast = new ArrayList<>(words);
        withLast.add(last);
        String[] args = withLast.toArray(String[]::new);
        CommandLine alone = Main.commandLine(Invocation.here(), args);
        assertThat(alone.getSubcommands()).containsOnlyKeys(words.get(0));

        assertThat(run(alone, args)).as(String.join(" ", args)).isEqualTo(run(args));
      }
    }
    assertThat(Main.commandLine(Invocation.here(), "completion", "bash").getSubcommands())
        .containsKeys("backup", "serve", "completion", "man", "help");
  }

  @Test
  void consoleHelpDoesNotAskForTheRequiredUserFirst() {
    Run r = run("console", "--help");
    assertThat(r.exit).isZero();
    assertThat(r.err).doesNotContain("Missing required option");
  }

  @Test
  void theHelpCommandExplainsAnyCommandAndAnUnknownCommandIsAUsageError() {
    Run help = run("help", "backup");
    assertThat(help.exit).isZero();
    assertThat(help.out).startsWith("Usage: lifeboat backup").contains("now", "list");

    Run unknown = run("frobnicate");
    assertThat(unknown.exit).isEqualTo(ExitCode.USAGE.code()).isEqualTo(2);
    assertThat(unknown.err).contains("Unmatched argument at index 0: 'frobnicate'");

    Run noSubcommand = run("backup");
    assertThat(noSubcommand.exit).isEqualTo(2);
    assertThat(noSubcommand.err).contains("Missing required subcommand");
  }

  @Test
  void completionScriptsKnowEveryTopLevelCommand() {
    Run bash = run("completion", "bash");
    assertThat(bash.exit).isZero();
    assertThat(bash.out).contains("complete -F").contains("backup", "serve", "console",
        "config", "audit", "catalog", "completion", "man");

    Run zsh = run("completion", "zsh");
    assertThat(zsh.exit).isZero();
    assertThat(zsh.out).startsWith("autoload -U +X compinit && compinit\n"
        + "autoload -U +X bashcompinit && bashcompinit\n").contains("complete -F");

    assertThat(run("completion", "fish").exit).isEqualTo(2);
  }

  @Test
  void manWritesOnePagePerCommandWithItsOptionsAndExitStatus() throws Exception {
    Path pages = dir.resolve("man1");
    Run r = run("man", "--dir", pages.toString());
    assertThat(r.exit).isZero();

    for (List<String> words : commands()) {
      if (words.equals(List.of("help"))) {
        continue; // picocli's own help command has no page of its own
      }
      Path page = pages.resolve(String.join("-", prepend("lifeboat", words)) + ".1");
      assertThat(page).as("page for %s", words).exists();
    }
    String now = Files.readString(pages.resolve("lifeboat-backup-now.1"));
    assertThat(now).startsWith(".TH \"LIFEBOAT-BACKUP-NOW\" 1 ")
        .contains(".SH NAME\nlifeboat\\-backup\\-now \\- Take a backup now.")
        .contains(".B \\-t, \\-\\-target \\fINAME\\fR")
        .contains(".B \\-\\-json")
        .contains(".SH EXIT STATUS\n.TP\n.B 0\n");
    String root = Files.readString(pages.resolve("lifeboat.1"));
    assertThat(root).contains(".SH COMMANDS").contains(".B backup\n");
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
