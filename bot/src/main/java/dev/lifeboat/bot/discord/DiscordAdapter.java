package dev.lifeboat.bot.discord;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.bot.chat.ChatBoard;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.chat.Channels;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.bot.chat.LiveMessage;
import dev.lifeboat.bot.chat.LiveMessages;
import dev.lifeboat.bot.chat.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord chat adapter, wired by hand: JDA's connection, the mapping of slash commands,
 * buttons and reactions onto the shared inbound path, and embeds for the shared views.
 * Everything else (pacing, retries, message bookkeeping, wording) is the shared chat layer's.
 *
 * <p>Start it before {@link Lifeboat#recover()}, so the runs a previous process left
 * unfinished are announced in Discord too.
 */
public final class DiscordAdapter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordAdapter.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final int WORKERS = 4;
  /** How long a command's work gives way to acknowledgements still on their way. */
  private static final Duration ACK_PRIORITY = Duration.ofMillis(500);

  private final ChatPresenter presenter;
  private final DiscordConnection connection;
  private final ExecutorService work;
  private final ExecutorService sending;
  private final ScheduledThreadPoolExecutor timer;
  private final LiveMessages<DiscordMessage> out;
  private final ChatBoard<DiscordMessage> board;
  private final DiscordCommands commands;
  private final DiscordApprovals approvals;

  private DiscordAdapter(Lifeboat lifeboat, ChatPresenter presenter, DiscordSettings settings,
      DiscordConnection connection) {
    this.presenter = presenter;
    this.connection = connection;
    // Commands are short (a run starts on the engine's threads), so a few threads serve them;
    // a burst of a hundred then queues here instead of taking the cores from JDA's threads
    // that send the acknowledgements of the rest of the burst.
    this.work = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().daemon()
        .name("lifeboat-discord-work-", 0).factory());
    this.sending = Executors.newThreadPerTaskExecutor(Thread.ofVirtual()
        .name("lifeboat-discord-send-", 0).factory());
    this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon()
        .name("lifeboat-discord-timer").factory());
    timer.setRemoveOnCancelPolicy(true);
    this.out = new LiveMessages<>(new DiscordCalls(connection.jda()), Scheduler.of(timer,
        sending), LiveMessage.Pacing.of(settings.updateInterval()), System::nanoTime, LOG::warn);
    AccessPolicy access = lifeboat.commands().access();
    DiscordRenderer render = new DiscordRenderer(new DiscordPeople(access),
        request -> access.roles(DiscordPeople.PLATFORM,
            lifeboat.approvals().approverGroups(request)));
    this.board = new ChatBoard<>(DiscordPeople.PLATFORM, out, render, lifeboat.messages(),
        new Channels(DiscordPeople.PLATFORM, settings.channel())::of);
    ChatInbound inbound = new ChatInbound(DiscordPeople.PLATFORM, lifeboat.commands());
    Dedupe dedupe = new Dedupe(DiscordPeople.PLATFORM);
    AcksFirst acks = new AcksFirst(ACK_PRIORITY);
    this.commands = new DiscordCommands(inbound, access, lifeboat.config().targets().keySet(),
        lifeboat.catalog(), render, dedupe, work, acks);
    this.approvals = new DiscordApprovals(inbound, board, out, render, dedupe, work,
        acks);
  }

  /**
   * Connects to Discord, registers the slash commands and shows the presenter's views there.
   *
   * @throws LifeboatException when Discord refuses the token, the bot is not in the guild or
   *     the gateway does not get ready, with what to fix
   */
  public static DiscordAdapter start(Lifeboat lifeboat, ChatPresenter presenter,
      DiscordSettings settings) {
    // Once, at start, as in effect; the token shows only where it comes from.
    LOG.info("Discord settings: {}", settings);
    DiscordConnection connection = DiscordConnection.open(settings);
    DiscordAdapter adapter;
    try {
      adapter = new DiscordAdapter(lifeboat, presenter, settings, connection);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    try {
      connection.listen(adapter.new Listener());
      connection.register(DiscordCommands.definitions(), settings.guild());
      presenter.add(adapter.board);
    } catch (RuntimeException e) {
      adapter.close();
      throw e;
    }
    LOG.info("Discord adapter connected (REST {}, gateway {}, commands in {}, notices to {})",
        settings.apiUrl(), settings.gatewayUrl(), settings.guild().map(g -> "guild " + g)
            .orElse("every guild (global)"), settings.channel().orElse("nowhere"));
    return adapter;
  }

  /** JDA's events, handed on; each handler returns at once. */
  private final class Listener extends ListenerAdapter {
    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
      commands.onSlashCommand(event);
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
      commands.onAutoComplete(event);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
      approvals.onButton(event);
    }

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
      approvals.onReaction(event);
    }
  }

  /** What keeps it from serving, for /healthz; empty when connected. */
  public Optional<String> problem() {
    return connection.problem();
  }

  /**
   * Stops taking commands, lets started work and pending messages (final states above all)
   * reach Discord for a few seconds, then disconnects.
   */
  @Override
  public void close() {
    presenter.remove(board);
    work.shutdown();
    try {
      work.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
      if (!out.awaitSettled(CLOSE_WAIT)) {
        LOG.warn("Closing the Discord adapter before every message reached Discord");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    sending.shutdownNow();
    work.shutdownNow();
    connection.close();
  }
}
