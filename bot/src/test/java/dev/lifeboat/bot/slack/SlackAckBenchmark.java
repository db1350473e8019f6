package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.config.Secret;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ack latency of the Slack adapter, against a bare Bolt app that only acks, in the same run:
 * bursts of slash commands sent at once through fake Socket Mode servers (one per app, both
 * connected all along, rounds alternating), then single commands one at a time. Run it with
 * bench/slack-ack.sh. Not a JUnit test: timings belong in a benchmark, not in assertions.
 *
 * <p>Arguments: [burst size, default 100] [measured rounds, default 10].
 */
public final class SlackAckBenchmark {
  private static final String COMMAND = "/runs";
  private static final int WARM_UP_ROUNDS = 3;
  private static final int SINGLES = 50;

  private final FakeSlack slack;
  private final boolean answers;
  private final AtomicInteger ids = new AtomicInteger();

  /** @param answers whether the app answers each command (Lifeboat does, the bare app not) */
  private SlackAckBenchmark(FakeSlack slack, boolean answers) {
    this.slack = slack;
    this.answers = answers;
  }

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path dir = Files.createTempDirectory("lifeboat-slack-ack");
    try (FakeSlack forLifeboat = new FakeSlack(); FakeSlack forBare = new FakeSlack();
        Lifeboat lifeboat = lifeboat(dir)) {
      dev.lifeboat.bot.chat.ChatPresenter presenter = new dev.lifeboat.bot.chat.ChatPresenter();
      lifeboat.events().subscribe(presenter);
      SlackAdapter adapter = SlackAdapter.start(lifeboat, presenter, SlackSettings.socketMode(
          Secret.of(FakeSlack.BOT_TOKEN, "bench"), Secret.of(FakeSlack.APP_TOKEN, "bench"))
          .withApiUrl(forLifeboat.apiUrl()));
      Bare bare = Bare.start(forBare);
      try {
        measure(burst, rounds, forLifeboat, forBare);
      } finally {
        bare.close();
        adapter.close();
      }
    }
  }

  private static void measure(int burst, int rounds, FakeSlack forLifeboat, FakeSlack forBare) {
    SlackAckBenchmark ours = new SlackAckBenchmark(forLifeboat, true);
    SlackAckBenchmark theirs = new SlackAckBenchmark(forBare, false);
    ours.awaitConnection();
    theirs.awaitConnection();

    List<Long> oursBurst = new ArrayList<>();
    List<Long> bareBurst = new ArrayList<>();
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      // Alternate who goes first, so neither always runs on a quieter machine.
      boolean oursFirst = round % 2 == 0;
      List<Long> a = (oursFirst ? ours : theirs).burst(burst);
      List<Long> b = (oursFirst ? theirs : ours).burst(burst);
      if (round >= WARM_UP_ROUNDS) {
        (oursFirst ? oursBurst : bareBurst).addAll(a);
        (oursFirst ? bareBurst : oursBurst).addAll(b);
      }
    }
    List<Long> oursSingle = new ArrayList<>();
    List<Long> bareSingle = new ArrayList<>();
    for (int i = 0; i < SINGLES; i++) {
      oursSingle.add(ours.single());
      bareSingle.add(theirs.single());
    }
    report(burst, rounds, oursBurst, bareBurst, oursSingle, bareSingle);
  }

  private static void report(int burst, int rounds, List<Long> ours, List<Long> bare,
      List<Long> oursSingle, List<Long> bareSingle) {
    double p50 = percentile(ours, 50);
    double p99 = percentile(ours, 99);
    double bareP50 = percentile(bare, 50);
    double bareP99 = percentile(bare, 99);
    System.out.printf(Locale.ROOT, "Slack ack latency, %d x %s sent at once through fake "
        + "Socket Mode, %d rounds (after %d warm-up), %d cores%n", burst, COMMAND, rounds,
        WARM_UP_ROUNDS, Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  %-26s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
        "bare Bolt (ack only)", bareP50, bareP99, max(bare));
    System.out.printf(Locale.ROOT, "  %-26s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n",
        "Lifeboat adapter", p50, p99, max(ours));
    double ratio = p99 / bareP99;
    System.out.printf(Locale.ROOT, "  ratio Lifeboat / bare: p50 %.2fx, p99 %.2fx (goal: p99 "
        + "<= 1.2x) %s%n", p50 / bareP50, ratio, ratio <= 1.2 ? "MET" : "MISSED");
    double single = percentile(oursSingle, 50);
    System.out.printf(Locale.ROOT, "Single command, one at a time (%d): Lifeboat median %.2f "
        + "ms, p90 %.2f ms; bare Bolt median %.2f ms (goal: < 25 ms) %s%n", oursSingle.size(),
        single, percentile(oursSingle, 90), percentile(bareSingle, 50),
        single < 25 ? "MET" : "MISSED");
  }

  private void awaitConnection() {
    Await.until("a Socket Mode connection", () -> slack.socketMode().connected());
  }

  /** Sends {@code n} commands at once; returns each one's ack latency in microseconds. */
  private List<Long> burst(int n) {
    Map<String, String> envelopes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int id = ids.incrementAndGet();
      envelopes.put("env-" + id, envelope(id));
    }
    int answered = slack.responses().size();
    slack.socketMode().sendAll(envelopes);
    List<Long> latencies = new ArrayList<>();
    for (String id : envelopes.keySet()) {
      latencies.add(Await.until("the ack of " + id, Duration.ofSeconds(30),
          () -> slack.socketMode().ack(id)).micros());
    }
    settle(answered + n);
    return latencies;
  }

  private long single() {
    int id = ids.incrementAndGet();
    int answered = slack.responses().size();
    slack.socketMode().send("env-" + id, envelope(id));
    long micros = Await.until("the ack", Duration.ofSeconds(10),
        () -> slack.socketMode().ack("env-" + id)).micros();
    settle(answered + 1);
    return micros;
  }

  /** Waits for the work after the acks (Lifeboat's answers), so rounds do not overlap. */
  private void settle(int expected) {
    if (answers) {
      Await.until(expected + " answers", Duration.ofSeconds(60),
          () -> slack.responses().size() >= expected ? java.util.Optional.of(true)
              : java.util.Optional.empty());
    }
  }

  private String envelope(int id) {
    return Envelopes.envelope("env-" + id, "slash_commands", Envelopes.slashCommand(
        SlackHarness.ALICE, SlackHarness.CHANNEL, COMMAND, "", "trigger-" + id,
        slack.responseUrl("r" + id)), 0);
  }

  private static Lifeboat lifeboat(Path dir) throws Exception {
    // A target nobody connects to: /runs reads only Lifeboat's own state database.
    return new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody", "unused")
        .chatId("alice", "slack", SlackHarness.ALICE).start();
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

  /** The baseline: Bolt in Socket Mode with handlers that only ack. */
  private record Bare(Slack slack, SocketModeApp socketMode) {
    static Bare start(FakeSlack fake) throws Exception {
      SlackConfig config = new SlackConfig();
      config.setMethodsEndpointUrlPrefix(fake.apiUrl());
      config.setStatsEnabled(false);
      Slack slack = Slack.getInstance(config);
      App app = new App(AppConfig.builder().slack(slack)
          .singleTeamBotToken(FakeSlack.BOT_TOKEN).build());
      for (String name : SlackCommands.NAMES) {
        app.command(name, (req, ctx) -> ctx.ack());
      }
      app.start();
      SocketModeApp socketMode = new SocketModeApp(FakeSlack.APP_TOKEN, app,
          SocketModeClient.Backend.JavaWebSocket);
      socketMode.startAsync();
      return new Bare(slack, socketMode);
    }

    void close() throws Exception {
      socketMode.close();
      slack.close();
    }
  }

}
