package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.Await;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.config.Secret;
import dev.lifeboat.testing.TestConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Interaction acknowledgement latency of the Discord adapter, against a bare JDA listener that
 * only defers, in the same run: bursts of slash commands dispatched at once through fake
 * gateways (one per client, both connected all along, rounds alternating), then single
 * commands one at a time. Latency is from the gateway dispatch to the callback's arrival at the
 * fake REST server. Run it with bench/discord-ack.sh. Not a JUnit test: timings belong in a
 * benchmark, not in assertions.
 *
 * <p>Arguments: [burst size, default 100] [measured rounds, default 10].
 */
public final class DiscordAckBenchmark {
  private static final String COMMAND = "runs";
  private static final int WARM_UP_ROUNDS = 3;
  private static final int SINGLES = 50;

  private final FakeDiscord discord;
  private final boolean answers;

  /** @param answers whether the client answers each command (Lifeboat does, the bare one not) */
  private DiscordAckBenchmark(FakeDiscord discord, boolean answers) {
    this.discord = discord;
    this.answers = answers;
  }

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory("lifeboat-discord-ack");
    try (FakeDiscord forLifeboat = new FakeDiscord(); FakeDiscord forBare = new FakeDiscord();
        Lifeboat lifeboat = lifeboat(dir)) {
      ChatPresenter presenter = new ChatPresenter();
      lifeboat.events().subscribe(presenter);
      DiscordAdapter adapter = DiscordAdapter.start(lifeboat, presenter, settings(forLifeboat));
      JDA bare = bare(forBare);
      try {
        measure(burst, rounds, forLifeboat, forBare);
      } finally {
        bare.shutdownNow();
        adapter.close();
      }
    }
    System.exit(0);
  }

  private static void measure(int burst, int rounds, FakeDiscord forLifeboat,
      FakeDiscord forBare) {
    DiscordAckBenchmark ours = new DiscordAckBenchmark(forLifeboat, true);
    DiscordAckBenchmark theirs = new DiscordAckBenchmark(forBare, false);
    List<Long> oursBurst = new ArrayList<>();
    List<Long> bareBurst = new ArrayList<>();
    List<Double> roundRatios = new ArrayList<>();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      // Alternate who goes first, so neither always runs on a quieter machine.
      boolean oursFirst = round % 2 == 0;
      List<Long> a = (oursFirst ? ours : theirs).burst(burst);
      List<Long> b = (oursFirst ? theirs : ours).burst(burst);
      if (round >= WARM_UP_ROUNDS) {
        (oursFirst ? oursBurst : bareBurst).addAll(a);
        (oursFirst ? bareBurst : oursBurst).addAll(b);
        List<Long> o = oursFirst ? a : b;
        List<Long> t = oursFirst ? b : a;
        roundRatios.add(percentile(o, 99) / percentile(t, 99));
      }
    }
    List<Long> oursSingle = new ArrayList<>();
    List<Long> bareSingle = new ArrayList<>();
    for (int i = 0; i < SINGLES; i++) {
      oursSingle.add(ours.burst(1).get(0));
      bareSingle.add(theirs.burst(1).get(0));
    }
    report(burst, rounds, oursBurst, bareBurst, oursSingle, bareSingle);
    // Other work on the machine comes in spikes; the median of the rounds' own ratios, each
    // from two bursts measured back to back, shows less of it than the pooled figures.
    Collections.sort(roundRatios);
    System.out.printf(Locale.ROOT, "  per round, p99 Lifeboat / bare: median %.2fx (min %.2fx, "
        + "max %.2fx)%n", roundRatios.get(roundRatios.size() / 2), roundRatios.get(0),
        roundRatios.get(roundRatios.size() - 1));
  }

  private static void report(int burst, int rounds, List<Long> ours, List<Long> bare,
      List<Long> oursSingle, List<Long> bareSingle) {
    double p50 = percentile(ours, 50);
    double p99 = percentile(ours, 99);
    double bareP50 = percentile(bare, 50);
    double bareP99 = percentile(bare, 99);
    System.out.printf(Locale.ROOT, "Discord ack latency, %d x /%s dispatched at once through a "
        + "fake gateway, %d rounds (after %d warm-up), %d cores%n", burst, COMMAND, rounds,
        WARM_UP_ROUNDS, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  %-28s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
        "bare JDA (defer only)", bareP50, bareP99, max(bare));
    System.out.printf(Locale.ROOT, "  %-28s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
        "Lifeboat adapter", p50, p99, max(ours));
    double ratio = p99 / bareP99;
    System.out.printf(Locale.ROOT, "  ratio Lifeboat / bare: p50 %.2fx, p99 %.2fx (goal: p99 "
        + "<= 1.2x) %s%n", p50 / bareP50, ratio, ratio <= 1.2 ? "MET" : "MISSED");
    System.out.printf(Locale.ROOT, "Single command, one at a time (%d): Lifeboat median %.2f "
        + "ms, p90 %.2f ms; bare JDA median %.2f ms, p90 %.2f ms%n", oursSingle.size(),
        percentile(oursSingle, 50), percentile(oursSingle, 90), percentile(bareSingle, 50),
        percentile(bareSingle, 90));
  }

  /** Dispatches {@code n} commands at once; returns each one's ack latency in microseconds. */
  private List<Long> burst(int n) {
    int answered = discord.answered();
    List<String> ids = new ArrayList<>();
    synchronized (discord.gateway()) {
      for (int i = 0; i < n; i++) {
        ids.add(discord.slash(DiscordHarness.ALICE, COMMAND, Optional.empty(), Map.of()));
      }
    }
    List<Long> latencies = new ArrayList<>();
    for (String id : ids) {
      latencies.add(Await.until("the ack of " + id, Duration.ofSeconds(30),
          () -> discord.ack(id)).micros());
    }
    if (answers) {
      // The work after the acks (Lifeboat's answers), so rounds do not overlap.
      Await.until(answered + n + " answers", Duration.ofSeconds(60),
          () -> discord.answered() >= answered + n ? Optional.of(true) : Optional.empty());
    }
    return latencies;
  }

  private static DiscordSettings settings(FakeDiscord discord) {
    return new DiscordSettings(Secret.of(FakeDiscord.TOKEN, "bench"),
        Optional.of(FakeDiscord.GUILD), Optional.empty(), URI.create(discord.apiUrl()),
        URI.create(discord.gateway().url()), DiscordSettings.DEFAULT_UPDATE_INTERVAL);
  }

  /** The baseline: the same JDA configuration with a listener that only defers. */
  private static JDA bare(FakeDiscord discord) throws InterruptedException {
    JDA jda = DiscordConnection.builder(settings(discord)).addEventListeners(
        new ListenerAdapter() {
          @Override
          public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
            event.deferReply(true).queue();
          }
        }).build();
    jda.awaitReady();
    return jda;
  }

  private static Lifeboat lifeboat(Path dir) throws Exception {
    // A target nobody connects to: /runs reads only Lifeboat's own state database.
    return new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody", "unused")
        .chatId("alice", "discord", DiscordHarness.ALICE).start();
  }

  private static double percentile(List<Long> micros, int p) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1000.0;
  }

  private static double max(List<Long> micros) {
    return Collections.max(micros) / 1000.0;
  }
}
