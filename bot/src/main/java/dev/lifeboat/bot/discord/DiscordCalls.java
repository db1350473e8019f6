package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.ChatCallFailed;
import dev.lifeboat.bot.chat.ChatSurface;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;

/**
 * The chat surface on Discord's REST API through JDA, with Discord's errors sorted into "try
 * again later" and "give up". JDA waits out rate limits (429) itself, per route; what reaches
 * us is an outage, a timeout or a refusal. Calls block: the shared layer makes them on its own
 * threads, never on JDA's event thread.
 */
final class DiscordCalls implements ChatSurface<DiscordMessage> {
  /** Thread names are cut by Discord at 100 characters. */
  private static final int THREAD_NAME = 100;
  private static final Set<ErrorResponse> FOR_GOOD = Set.of(ErrorResponse.UNKNOWN_CHANNEL,
      ErrorResponse.MISSING_ACCESS, ErrorResponse.MISSING_PERMISSIONS,
      ErrorResponse.UNKNOWN_MESSAGE);

  private final JDA jda;
  /** Threads opened on run messages, by message id (a thread started on a message has its id). */
  private final Map<String, ThreadChannel> threads = new ConcurrentHashMap<>();

  DiscordCalls(JDA jda) {
    this.jda = jda;
  }

  @Override
  public Posted post(String channel, DiscordMessage message) throws ChatCallFailed {
    GuildMessageChannel at = channel(channel);
    try {
      return new Posted(channel, at.sendMessage(message.create()).complete().getId());
    } catch (RuntimeException e) {
      throw failed("sending a message to " + channel, e);
    }
  }

  @Override
  public void edit(Posted where, DiscordMessage message) throws ChatCallFailed {
    GuildMessageChannel at = channel(where.channel());
    try {
      at.editMessageById(where.id(), message.edit()).complete();
    } catch (RuntimeException e) {
      throw failed("editing message " + where.id() + " in " + where.channel(), e);
    }
  }

  /**
   * Details go into a thread on the message, opened on the first reply; when the thread cannot
   * be opened (the channel has no threads, or a restart forgot it), a reply to the message.
   */
  @Override
  public void postInThread(Posted where, String text) throws ChatCallFailed {
    DiscordMessage message = DiscordMessage.text(text);
    try {
      Optional<ThreadChannel> thread = thread(where);
      if (thread.isPresent()) {
        thread.get().sendMessage(message.create()).complete();
      } else {
        channel(where.channel()).sendMessage(MessageCreateBuilder.from(message.create())
            .build()).setMessageReference(where.id()).complete();
      }
    } catch (RuntimeException e) {
      throw failed("replying to message " + where.id() + " in " + where.channel(), e);
    }
  }

  /**
   * Discord has no message only one person sees outside an interaction's answer: outside one
   * (a reaction by someone not allowed) the answer is a short reply that mentions them.
   */
  @Override
  public void ephemeral(String channel, String user, String text) throws ChatCallFailed {
    GuildMessageChannel at = channel(channel);
    DiscordMessage message = new DiscordMessage("<@" + user + "> " + text, java.util.List.of(),
        java.util.List.of(), Set.of(user), Set.of());
    try {
      at.sendMessage(message.create()).complete();
    } catch (RuntimeException e) {
      throw failed("answering " + user + " in " + channel, e);
    }
  }

  private Optional<ThreadChannel> thread(Posted where) {
    ThreadChannel known = threads.get(where.id());
    if (known != null) {
      return Optional.of(known);
    }
    ThreadChannel cached = jda.getThreadChannelById(where.id());
    if (cached != null) {
      return Optional.of(remember(where, cached));
    }
    GuildMessageChannel parent = jda.getChannelById(GuildMessageChannel.class, where.channel());
    if (!(parent instanceof IThreadContainer container)) {
      return Optional.empty();
    }
    try {
      return Optional.of(remember(where, container.createThreadChannel(
          DiscordRenderer.cut("Lifeboat details", THREAD_NAME), where.id()).complete()));
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS
          || e.getErrorResponse() == ErrorResponse.MISSING_PERMISSIONS) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private ThreadChannel remember(Posted where, ThreadChannel thread) {
    threads.put(where.id(), thread);
    return thread;
  }

  private GuildMessageChannel channel(String id) throws ChatCallFailed {
    GuildMessageChannel channel;
    try {
      channel = jda.getChannelById(GuildMessageChannel.class, id);
    } catch (IllegalArgumentException | ClassCastException e) {
      channel = null;
    }
    if (channel == null) {
      throw new ChatCallFailed("the bot sees no text channel " + id + " (invite it to the server "
          + "and give it View Channel there)", false, Optional.empty(), null);
    }
    return channel;
  }

  private static ChatCallFailed failed(String what, RuntimeException e) {
    if (e instanceof ErrorResponseException r) {
      boolean forGood = FOR_GOOD.contains(r.getErrorResponse()) || (!r.isServerError()
          && r.getErrorResponse() != ErrorResponse.SERVER_ERROR);
      return new ChatCallFailed(what + ": " + r.getErrorCode() + " " + r.getMeaning(),
          !forGood, Optional.empty(), e);
    }
    // Discord unreachable or too slow: JDA gave up on this call; the message tries later.
    return new ChatCallFailed(what + ": " + e, true, Optional.empty(), e);
  }
}
