package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleChat;
import dev.lifeboat.bot.discord.DiscordAdapter;
import dev.lifeboat.bot.discord.DiscordSettings;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.bot.monitor.MonitorServer;
import dev.lifeboat.bot.slack.SlackAdapter;
import dev.lifeboat.bot.slack.SlackSettings;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
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
    java.util.Map<String, String> environment = ConfigOption.environment();
    // What a command handed over from this machine's command line must match, read as a
    // caller's is: from the absolute path.
    ServeSetup setup = ServeSetup.of(ConfigOption.loader(environment)
        .load(config.path().toAbsolutePath().normalize()), environment);
    StopSignal stop = StopSignal.install();
    try (Lifeboat lifeboat = ConfigOption.start(loaded, environment)) {
      ConsoleRenderer renderer = new ConsoleRenderer(System.out, false, Clock.systemUTC());
      ChatPresenter presenter = new ChatPresenter();
      presenter.add(renderer);
      lifeboat.events().subscribe(presenter);
      lifeboat.incidents().openChannelsThrough(presenter);
      // Adapters start before recovery, so they can announce runs a previous process left.
      Optional<SlackAdapter> slackAdapter = loaded.chat().adapter(SlackSettings.SECTION,
          SlackSettings.class).map(s -> SlackAdapter.start(lifeboat, presenter, s));
      AutoCloseable slack = slackAdapter.map(a -> (AutoCloseable) a).orElse(() -> { });
      // Beside Slack, on the same engine: a request shown in both counts an approval from
      // either. If Discord cannot start, Slack is closed again before serve exits.
      Optional<DiscordAdapter> discordAdapter;
      try {
        discordAdapter = loaded.chat().adapter(DiscordSettings.SECTION, DiscordSettings.class)
            .map(s -> DiscordAdapter.start(lifeboat, presenter, s));
      } catch (RuntimeException e) {
        slack.close();
        throw e;
      }
      AutoCloseable discord = discordAdapter.map(a -> (AutoCloseable) a).orElse(() -> { });
      List<Supplier<Optional<String>>> adapters = new ArrayList<>();
      slackAdapter.ifPresent(a -> adapters.add(a::problem));
      discordAdapter.ifPresent(a -> adapters.add(a::problem));
      AutoCloseable monitor = loaded.serve().httpPort().isPresent()
          ? MonitorServer.start(lifeboat, loaded.serve().httpPort().getAsInt(),
              Clock.systemUTC(), adapters) : () -> { };
      lifeboat.recover();
      lifeboat.startTimers();
      Optional<HandoffServer> handoff = HandoffServer.start(lifeboat, setup, System.getenv());
      renderer.say("Lifeboat is serving " + loaded.targets().size() + " target(s) with state in "
          + lifeboat.state().describe() + " as " + lifeboat.instance().shown()
          + ". Stop with Ctrl-C.");
      if (loaded.chat().console() && user != null) {
        Person actor = lifeboat.commands().access().person(user);
        // On its own thread: a signal must stop serve while the console waits for a line.
        Thread console = new Thread(() -> {
          try {
            new ConsoleChat(lifeboat, renderer, actor, System.console() != null)
                .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
          } catch (Exception e) {
            renderer.say("The console stopped: " + e.getMessage());
          }
        }, "lifeboat-console");
        console.setDaemon(true);
        console.start();
      }
      stop.await();
      renderer.say(stop.name() + ": stopping. No new commands; going runs have "
          + Ago.of(loaded.instance().shutdownGrace()) + " to finish, then they are cancelled "
          + "and cleaned up.");
      handoff.ifPresent(HandoffServer::stopAccepting);
      List<RunInfo> left = lifeboat.shutdown();
      handoff.ifPresent(HandoffServer::close);
      monitor.close();
      // After the runs: closing waits until their final states have reached the chats.
      slack.close();
      discord.close();
      for (RunInfo run : left) {
        renderer.say("⚠ " + run.ref() + " could not finish cleaning up in time; its lease is "
            + "released, so the next Lifeboat start recovers it (thaws, drops its copies).");
      }
      renderer.say("Lifeboat stopped.");
      return 0;
    }
  }
}
