package dev.lifeboat.bot.console;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.command.Reply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * What Tab offers at the console: the commands and their subcommands (read from the shared
 * /help, so a new command completes without a change here), then people for /as, and for every
 * other argument the targets, "latest", recent backup ids, waiting requests and going runs, as
 * they are when Tab is pressed.
 */
public final class ConsoleCompletion implements Completer {
  private final Map<String, Set<String>> commands = new LinkedHashMap<>();
  private final Supplier<Collection<String>> arguments;
  private final Supplier<Collection<String>> people;

  ConsoleCompletion(List<Reply.CommandHelp> help, Supplier<Collection<String>> arguments,
      Supplier<Collection<String>> people) {
    for (Reply.CommandHelp h : help) {
      // "/backup now [target]", "/cancel r12 | a3": the command, then a subcommand word if any.
      String[] words = h.usage().split("\\s+");
      Set<String> subcommands = commands.computeIfAbsent(words[0], w -> new LinkedHashSet<>());
      if (words.length > 1 && words[1].matches("[a-z][a-z-]*")) {
        subcommands.add(words[1]);
      }
    }
    this.arguments = arguments;
    this.people = people;
  }

  /** Completion from what {@code lifeboat} knows now. */
  public static ConsoleCompletion of(Lifeboat lifeboat, List<Reply.CommandHelp> help) {
    return new ConsoleCompletion(help, () -> {
      List<String> words = new ArrayList<>(lifeboat.config().targets().keySet());
      words.add("latest");
      lifeboat.catalog().list(Optional.empty(), 20).stream().map(BackupRecord::id)
          .forEach(words::add);
      lifeboat.approvals().pending().forEach(r -> words.add(r.ref()));
      lifeboat.engine().active().forEach(r -> words.add(r.info().ref()));
      words.addAll(List.of("in-place", "side-by-side", "--dry-run"));
      return words;
    }, () -> lifeboat.config().people().keySet());
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words();
    int index = line.wordIndex();
    Collection<String> offered;
    if (index == 0) {
      offered = commands.keySet();
    } else if (words.get(0).equals("/as")) {
      offered = index == 1 ? people.get() : List.of();
    } else if (index == 1 && !commands.getOrDefault(words.get(0), Set.of()).isEmpty()) {
      offered = commands.get(words.get(0));
    } else {
      offered = arguments.get();
    }
    offered.forEach(w -> candidates.add(new Candidate(w)));
  }
}
