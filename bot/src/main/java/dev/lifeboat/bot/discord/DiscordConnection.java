package dev.lifeboat.bot.discord;

import dev.lifeboat.LifeboatException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway session and REST client, JDA's. JDA reconnects by itself and resumes the session
 * (Discord replays what was missed); when a resume is refused it identifies anew.
 *
 * <p>Intents: only reactions (GUILD_MESSAGE_REACTIONS) on top of the guild basics JDA always
 * asks for; slash commands and buttons need no intent, and Lifeboat reads no message text, so
 * it needs none of the privileged intents. Nothing is cached beyond the guild and its channels
 * and roles ({@link JDABuilder#createLight}).
 */
final class DiscordConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordConnection.class);
  static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(GatewayIntent.GUILD_MESSAGE_REACTIONS);
  private static final Duration READY = Duration.ofSeconds(60);

  private final JDA jda;

  private DiscordConnection(JDA jda) {
    this.jda = jda;
  }

  static DiscordConnection open(DiscordSettings settings) {
    JDA jda;
    try {
      jda = builder(settings).build();
    } catch (InvalidTokenException e) {
      throw new LifeboatException("Discord refused the bot token from "
          + settings.token().origin() + ". Copy it again from the application's Bot page "
          + "(docs/discord.md).", e);
    } catch (RuntimeException e) {
      throw new LifeboatException("Could not connect to Discord at " + settings.apiUrl() + ": "
          + e.getMessage(), e);
    }
    DiscordConnection connection = new DiscordConnection(jda);
    try {
      if (!awaitReady(jda)) {
        throw new LifeboatException("Discord's gateway at " + settings.gatewayUrl() + " did "
            + "not get ready within " + READY.toSeconds() + " s (status " + jda.getStatus()
            + ").");
      }
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /**
   * The one JDA configuration, for the adapter and the benchmark's bare listener alike.
   * Compression is off: Lifeboat's traffic is a few events a minute, and the same plain JSON
   * runs in tests against a fake gateway.
   */
  static JDABuilder builder(DiscordSettings settings) {
    String gateway = settings.gatewayUrl().toString();
    return JDABuilder.createLight(settings.token().reveal(), INTENTS)
        .setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl().toString()))
        // A single session asks its controller where the gateway is.
        .setSessionController(new ConcurrentSessionController() {
          @Override
          public String getGateway() {
            return gateway;
          }
        })
        .setCompression(Compression.NONE)
        .setEnableShutdownHook(false)
        .setAutoReconnect(true);
  }

  private static boolean awaitReady(JDA jda) {
    long end = System.nanoTime() + READY.toNanos();
    try {
      while (jda.getStatus() != JDA.Status.CONNECTED) {
        if (System.nanoTime() > end || jda.getStatus() == JDA.Status.SHUTDOWN
            || jda.getStatus() == JDA.Status.FAILED_TO_LOGIN) {
          return false;
        }
        Thread.sleep(20);
      }
      jda.awaitReady();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  JDA jda() {
    return jda;
  }

  /** From now on, events go to {@code listener}; earlier ones (none of ours) are not kept. */
  void listen(Object listener) {
    jda.addEventListener(listener);
  }

  /**
   * Registers the slash commands: in {@code guild} (they appear at once), or globally (up to
   * an hour). Registering replaces what was there, so a removed command disappears.
   */
  void register(List<CommandData> commands, java.util.Optional<String> guild) {
    try {
      if (guild.isPresent()) {
        Guild g = jda.getGuildById(guild.get());
        if (g == null) {
          throw new LifeboatException("The bot is not in the Discord server " + guild.get()
              + " (chat.discord.guild). Invite it with the link in docs/discord.md.");
        }
        g.updateCommands().addCommands(commands).complete();
      } else {
        jda.updateCommands().addCommands(commands).complete();
      }
    } catch (LifeboatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LifeboatException("Discord refused Lifeboat's slash commands: " + e.getMessage()
          + ". The bot needs the applications.commands scope (docs/discord.md).", e);
    }
  }

  /** What keeps it from serving, for /healthz; empty when connected. */
  java.util.Optional<String> problem() {
    JDA.Status status = jda.getStatus();
    return status == JDA.Status.CONNECTED ? java.util.Optional.empty()
        : java.util.Optional.of("the Discord gateway is " + status.name().toLowerCase()
            .replace('_', ' '));
  }

  @Override
  public void close() {
    jda.shutdown();
    try {
      if (!jda.awaitShutdown(5, TimeUnit.SECONDS)) {
        jda.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jda.shutdownNow();
    }
    LOG.debug("Discord connection closed");
  }
}
