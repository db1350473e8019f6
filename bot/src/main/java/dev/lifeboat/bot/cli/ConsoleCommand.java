package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleChat;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.config.LifeboatConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
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
    return chat(loaded, ConfigOption.environment(), user, java.util.Optional.empty());
  }

  /** Runs the console chat on standard input and output; shared with the demo. */
  static int chat(LifeboatConfig config, Map<String, String> environment, String user,
      java.util.Optional<dev.lifeboat.bot.demo.DemoWrites> demo) throws Exception {
    boolean terminal = System.console() != null;
    try (Lifeboat lifeboat = ConfigOption.start(config, environment)) {
      Person actor = lifeboat.commands().access().person(user);
      ConsoleRenderer renderer = new ConsoleRenderer(System.out, terminal, Clock.systemUTC());
      ChatPresenter presenter = new ChatPresenter();
      presenter.add(renderer);
      lifeboat.events().subscribe(presenter);
      // What it tidies is announced with each interrupted run, removed partials included.
      lifeboat.recover();
      lifeboat.startTimers();
      ConsoleChat chat = new ConsoleChat(lifeboat, renderer, actor, terminal, demo);
      return chat.run(new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8)));
    }
  }
}
