package dev.lifeboat.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.bot.chat.ChatBoard;
import dev.lifeboat.bot.chat.ChatCallFailed;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.chat.Channels;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.bot.chat.LiveMessage;
import dev.lifeboat.bot.chat.LiveMessages;
import dev.lifeboat.bot.chat.Scheduler;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack chat adapter, wired by hand: Bolt's connection (Socket Mode or signed HTTP), the
 * mapping of commands, buttons and reactions onto the shared inbound path, and Block Kit for
 * the shared views. Everything else (pacing, retries, message bookkeeping, wording) is the
 * shared chat layer's.
 *
 * <p>Start it before {@link Lifeboat#recover()}, so the runs a previous process left unfinished
 * are announced in Slack too.
 */
public final class SlackAdapter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlackAdapter.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final ChatPresenter presenter;
  private final Slack slack;
  private final App app;
  private final ChatBoard<SlackMessage> board;
  private final ExecutorService work;
  private final ExecutorService sending;
  private final ScheduledThreadPoolExecutor timer;
  private final LiveMessages<SlackMessage> out;
  private AutoCloseable connection;
  private OptionalInt httpPort = OptionalInt.empty();

  private SlackAdapter(Lifeboat lifeboat, ChatPresenter presenter, SlackSettings settings) {
    this.presenter = presenter;
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
    try {
      calls.whoAmI();
    } catch (ChatCallFailed e) {
      closeQuietly(slack);
      throw new LifeboatException("Slack refused the bot token from "
          + settings.botToken().origin() + " (" + e.getMessage() + "). Check that it is the "
          + "app's Bot User OAuth Token (xoxb-) and that the app is installed.", e);
    }
    // Commands and Web API calls block on the network: one virtual thread each.
    this.work = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
        .name("lifeboat-slack-work-", 0).factory());
    this.sending = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
        .name("lifeboat-slack-send-", 0).factory());
    this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
        .name("lifeboat-slack-timer").factory());
    timer.setRemoveOnCancelPolicy(true);
    this.out = new LiveMessages<>(calls, Scheduler.of(timer, sending),
        LiveMessage.Pacing.of(settings.updateInterval()), System::nanoTime, LOG::warn);
    BlockKit render = new BlockKit(new SlackPeople(lifeboat.commands().access()));
    this.board = new ChatBoard<>("slack", out, render, lifeboat.messages(),
        new Channels("slack", settings.channel())::of);
    ChatInbound inbound = new ChatInbound("slack", lifeboat.commands());
    Dedupe dedupe = new Dedupe("slack");
    new SlackCommands(inbound, render, dedupe, work).register(app);
    new SlackApprovals(inbound, board, out, render, dedupe, work).register(app);
    new SlackQuestions(inbound, out, render, dedupe, work).register(app);
  }

  /**
   * Connects to Slack and shows the presenter's views there.
   *
   * @throws LifeboatException when Slack refuses a token or the HTTP port is taken, with what
   *     to fix
   */
  public static SlackAdapter start(Lifeboat lifeboat, ChatPresenter presenter,
      SlackSettings settings) {
    // Once, at start, as in effect; the tokens show only where they come from.
    LOG.info("Slack settings: {}", settings);
    SlackAdapter adapter = new SlackAdapter(lifeboat, presenter, settings);
    try {
      // Builds Bolt's middleware now (its auth.test included), not on the first command.
      adapter.app.start();
      presenter.add(adapter.board);
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
    LOG.info("Slack adapter connected ({} mode, Web API {}, notices to {})", settings.mode(),
        settings.apiUrl(), settings.channel().orElse("nowhere"));
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
    presenter.remove(board);
    closeQuietly(connection);
    work.shutdown();
    try {
      work.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
      if (!out.awaitSettled(CLOSE_WAIT)) {
        LOG.warn("Closing the Slack adapter before every message reached Slack");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    sending.shutdownNow();
    work.shutdownNow();
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
}
