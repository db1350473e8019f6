package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleChat;
import dev.lifeboat.bot.console.ConsoleCompletion;
import dev.lifeboat.bot.console.ConsoleInput;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.bot.console.LineEditor;
import dev.lifeboat.bot.console.PipedInput;
import dev.lifeboat.bot.demo.DemoWrites;
import dev.lifeboat.config.LifeboatConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat console}: the console chat, as one configured person. */
@Command(name = "console", description = "Chat with Lifeboat on this terminal (or from a pipe).")
final class ConsoleCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = {"-u", "--user"}, required = true, paramLabel = "NAME",
      description = "the person from the config you act as")
  String user;

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load();
    return chat(loaded, ConfigOption.environment(), user, Optional.empty());
  }

  /**
   * Runs the console chat on standard input and output; shared with the demo. At a terminal
   * with line editing (JLine), from a pipe line by line.
   */
  static int chat(LifeboatConfig config, Map<String, String> environment, String user,
      Optional<DemoWrites> demo) throws Exception {
    boolean terminal = System.console() != null;
    try (Lifeboat lifeboat = ConfigOption.start(config, environment)) {
      Person actor = lifeboat.commands().access().person(user);
      try (ConsoleInput input = terminal
          ? LineEditor.open(ConsoleCompletion.of(lifeboat,
              ConsoleChat.commands(lifeboat, demo.isPresent())), history())
          : new PipedInput(new BufferedReader(new InputStreamReader(System.in,
              StandardCharsets.UTF_8)), System.out, false)) {
        // No progress line redrawn in place: at a terminal the line editor keeps the prompt
        // and what is typed below the output, in a pipe lines are a log.
        ConsoleRenderer renderer = new ConsoleRenderer(input.output(), false, Clock.systemUTC());
        ChatPresenter presenter = new ChatPresenter();
        presenter.add(renderer);
        lifeboat.events().subscribe(presenter);
        lifeboat.incidents().openChannelsThrough(presenter);
        // What it tidies is announced with each interrupted run, removed partials included.
        lifeboat.recover();
        lifeboat.startTimers();
        return new ConsoleChat(lifeboat, renderer, actor, input.interactive(), demo)
            .run(input);
      }
    }
  }

  /** Typed lines are kept like psql's: in the home folder, for the next session. */
  private static Optional<Path> history() {
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? Optional.empty()
        : Optional.of(Path.of(home, ".lifeboat_history"));
  }
}
