package dev.lifeboat.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack chat adapter: Bolt in, Block Kit out. Slash commands, buttons and reactions are
 * translated into the engine's commands and approvals; the engine's events become one live
 * message per run and per approval request. Wired by hand here; the pieces are small classes
 * beside this one.
 *
 * <p>Start it before {@link Lifeboat#recover()}, so the runs a previous process left unfinished
 * are announced in Slack too.
 */
public final class SlackAdapter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlackAdapter.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final Lifeboat lifeboat;
  private final Slack slack;
  private final App app;
  private final EventSink sink;
  private final ExecutorService work;
  private final ScheduledExecutorService out;
  private final Outbox outbox;
  private volatile AutoCloseable connection;
  private OptionalInt httpPort = OptionalInt.empty();

  private SlackAdapter(Lifeboat lifeboat, SlackSettings settings) {
    this.lifeboat = lifeboat;
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(settings.apiUrl().toString());
    // Bolt's per-team call statistics cost an extra auth.test per token; we do not read them.
    config.setStatsEnabled(false);
    this.slack = Slack.getInstance(config);
    this.app = new App(AppConfig.builder().slack(slack)
        .singleTeamBotToken(settings.botToken().reveal())
        .signingSecret(settings.signingSecret().map(s -> s.reveal()).orElse(null))
        .build());
    SlackCalls calls = new SlackCalls(slack.methods(settings.botToken().reveal()));
    SlackCalls.Bot bot;
    try {
      bot = calls.whoAmI();
    } catch (SlackCallFailed e) {
      closeQuietly(slack);
      throw new LifeboatException("Slack refused the bot token from "
          + settings.botToken().origin() + " (" + e.getMessage() + "). Check that it is the "
          + "app's Bot User OAuth Token (xoxb-) and that the app is installed.", e);
    }
    this.work = Executors.newFixedThreadPool(4, threads("lifeboat-slack-work"));
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(4,
        threads("lifeboat-slack-out"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.out = scheduler;
    this.outbox = new Outbox(calls, out, LiveMessage.Pacing.of(settings.updateInterval()));
    SlackPeople people = new SlackPeople(lifeboat.commands().access());
    Channels channels = new Channels(settings.channel());
    Dedupe dedupe = new Dedupe();
    RunMessages runs = new RunMessages(outbox, people, channels);
    ApprovalMessages requests = new ApprovalMessages(outbox, people, lifeboat.approvals(),
        channels, bot);
    this.sink = new Renderer(runs, requests, new AlertMessages(outbox, people, channels));
    new SlackCommands(lifeboat.commands(), people, new ReplyText(people), dedupe, work)
        .register(app);
    new SlackApprovals(lifeboat.approvals(), requests, people, outbox, dedupe, work)
        .register(app);
  }

  /**
   * Connects to Slack and starts rendering Lifeboat's events there.
   *
   * @throws LifeboatException when Slack refuses a token or the HTTP port is taken, with what
   *     to fix
   */
  public static SlackAdapter start(Lifeboat lifeboat, SlackSettings settings) {
    SlackAdapter adapter = new SlackAdapter(lifeboat, settings);
    try {
      // Builds Bolt's middleware now (its auth.test included), not on the first command.
      adapter.app.start();
      lifeboat.events().subscribe(adapter.sink);
      if (settings.mode() == SlackSettings.Mode.SOCKET) {
        adapter.connection = SocketModeConnection.open(adapter.app, settings.appToken()
            .orElseThrow());
      } else {
        HttpConnection http = HttpConnection.open(adapter.app, settings.httpPort(),
            settings.httpPath());
        adapter.connection = http;
        adapter.httpPort = OptionalInt.of(http.port());
      }
    } catch (RuntimeException e) {
      adapter.close();
      throw e;
    }
    LOG.info("Slack adapter connected ({} mode, Web API {})", settings.mode(),
        settings.apiUrl());
    return adapter;
  }

  /** What keeps it from serving, for /healthz; empty when connected. */
  public java.util.Optional<String> problem() {
    if (connection instanceof SocketModeConnection socket && !socket.running()) {
      return java.util.Optional.of("the Slack Socket Mode client has stopped");
    }
    return connection == null ? java.util.Optional.of("Slack is not connected")
        : java.util.Optional.empty();
  }

  /** HTTP mode: the port Slack's requests arrive on. */
  public OptionalInt httpPort() {
    return httpPort;
  }

  /**
   * Stops taking commands, lets started work and pending messages (final states above all)
   * reach Slack for a few seconds, then disconnects.
   */
  @Override
  public void close() {
    lifeboat.events().unsubscribe(sink);
    closeQuietly(connection);
    work.shutdown();
    try {
      work.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
      if (!outbox.awaitSettled(CLOSE_WAIT)) {
        LOG.warn("Closing the Slack adapter before every message reached Slack");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.shutdownNow();
    app.stop();
    closeQuietly(slack);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.info("While closing the Slack adapter: {}", e.toString());
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Engine events to messages; never blocks the engine (the outbox sends later). */
  private record Renderer(RunMessages runs, ApprovalMessages requests, AlertMessages alerts)
      implements EventSink {
    @Override
    public void publish(LifeboatEvent event) {
      switch (event) {
        case LifeboatEvent.RunEvent e -> runs.on(e);
        case LifeboatEvent.ApprovalEvent e -> requests.on(e);
        case LifeboatEvent.AlertEvent e -> alerts.on(e);
      }
    }
  }
}
