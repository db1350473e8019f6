package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.bot.console.ConsoleChat;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.bot.slack.SlackAdapter;
import dev.lifeboat.bot.slack.SlackSettings;
import dev.lifeboat.config.LifeboatConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat serve}: runs the configured chat adapters until stopped. */
@Command(name = "serve", description = "Run the configured chat adapters until stopped "
    + "(SIGTERM or Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = {"-u", "--user"}, paramLabel = "NAME",
      description = "with the console adapter: the person the console acts as")
  String user;

  @Override
  public Integer call() throws Exception {
    LifeboatConfig loaded = config.load();
    CountDownLatch stopped = new CountDownLatch(1);
    try (Lifeboat lifeboat = ConfigOption.start(loaded, ConfigOption.environment())) {
      ConsoleRenderer renderer = new ConsoleRenderer(System.out, false, Clock.systemUTC());
      lifeboat.events().subscribe(renderer);
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lifeboat-stop"));
      // Adapters start before recovery, so they can announce runs a previous process left.
      AutoCloseable slack = loaded.chat().slack().map(s -> (AutoCloseable) SlackAdapter.start(
          lifeboat, SlackSettings.fromEnvironment(new SlackSettings.Keys(s.mode(),
              s.botTokenEnv(), s.appTokenEnv(), s.signingSecretEnv(), s.apiUrl(), s.channel(),
              s.port()), ConfigOption.environment()))).orElse(() -> { });
      lifeboat.recover();
      lifeboat.startTimers();
      renderer.say("Lifeboat is serving " + loaded.targets().size() + " target(s) with state in "
          + lifeboat.state().describe() + ". Stop with Ctrl-C.");
      if (loaded.chat().console() && user != null) {
        Person actor = lifeboat.commands().access().person(user);
        new ConsoleChat(lifeboat, renderer, actor, System.console() != null)
            .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      }
      stopped.await();
      slack.close();
      return 0;
    }
  }
}
