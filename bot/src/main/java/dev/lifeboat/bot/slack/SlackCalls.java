package dev.lifeboat.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.lifeboat.bot.chat.ChatCallFailed;
import dev.lifeboat.bot.chat.ChatSurface;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The chat surface on Slack's Web API, with Slack's errors sorted into "try again later" and
 * "give up". The synchronous client throws on HTTP 429 without retrying, which is what we want:
 * the shared live messages decide when, and keep only the newest content meanwhile.
 */
final class SlackCalls implements ChatSurface<SlackMessage> {
  /** A thread reply longer than this is cut (Slack's own limit is far higher, phones' lower). */
  private static final int THREAD_CHARACTERS = 3700;

  /** Errors in an ok:false answer that go away by themselves. */
  private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited",
      "internal_error", "fatal_error", "service_unavailable", "request_timeout",
      "team_added_to_org");

  private final MethodsClient client;

  SlackCalls(MethodsClient client) {
    this.client = client;
  }

  /** Who the bot token belongs to, to recognise the bot's own messages. */
  record Bot(String userId, String botId) {}

  Bot whoAmI() throws ChatCallFailed {
    AuthTestResponse r = call("auth.test", () -> client.authTest(req -> req));
    return new Bot(r.getUserId(), r.getBotId());
  }

  @Override
  public Posted post(String channel, SlackMessage m) throws ChatCallFailed {
    ChatPostMessageResponse r = call("chat.postMessage", () -> client.chatPostMessage(req -> req
        .channel(channel).text(m.text()).blocks(m.blocks()).unfurlLinks(false)
        .unfurlMedia(false)));
    return new Posted(r.getChannel() != null ? r.getChannel() : channel, r.getTs());
  }

  @Override
  public void postInThread(Posted where, String text) throws ChatCallFailed {
    call("chat.postMessage", () -> client.chatPostMessage(req -> req.channel(where.channel())
        .threadTs(where.id()).text(Mrkdwn.truncate(text, THREAD_CHARACTERS)).mrkdwn(true)
        .unfurlLinks(false)));
  }

  @Override
  public void edit(Posted where, SlackMessage m) throws ChatCallFailed {
    // Blocks are sent every time: without them Slack keeps the old blocks and only the
    // notification text would change.
    call("chat.update", () -> client.chatUpdate(req -> req.channel(where.channel())
        .ts(where.id()).text(m.text()).blocks(m.blocks())));
  }

  @Override
  public void ephemeral(String channel, String user, String text) throws ChatCallFailed {
    call("chat.postEphemeral", () -> client.chatPostEphemeral(req -> req.channel(channel)
        .user(user).text(Mrkdwn.truncate(text, Mrkdwn.SECTION))));
  }

  /**
   * conversations.create, then conversations.invite of the people who have a Slack id (the bot
   * is in the channel it created). Needs the channels:manage scope; a taken name gets a suffix.
   */
  @Override
  public Optional<String> openChannel(String name, java.util.List<String> members)
      throws ChatCallFailed {
    String id = null;
    for (int attempt = 0; id == null; attempt++) {
      String candidate = attempt == 0 ? name : name + "-" + (attempt + 1);
      try {
        id = call("conversations.create", () -> client.conversationsCreate(req -> req
            .name(candidate).isPrivate(false))).getChannel().getId();
      } catch (ChatCallFailed e) {
        if (attempt >= 4 || e.getMessage() == null || !e.getMessage().endsWith("name_taken")) {
          throw e;
        }
      }
    }
    String channel = id;
    if (!members.isEmpty()) {
      call("conversations.invite", () -> client.conversationsInvite(req -> req.channel(channel)
          .users(members)));
    }
    return Optional.of(channel);
  }

  /** conversations.history around the message's ts (needs channels:history). */
  @Override
  public Optional<String> read(Posted where) throws ChatCallFailed {
    var r = call("conversations.history", () -> client.conversationsHistory(req -> req
        .channel(where.channel()).latest(where.id()).inclusive(true).limit(1)));
    return r.getMessages() == null ? Optional.empty() : r.getMessages().stream()
        .filter(m -> where.id().equals(m.getTs())).map(m -> m.getText()).findFirst();
  }

  private interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, Call<T> call)
      throws ChatCallFailed {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      int status = e.getResponse().code();
      Optional<Duration> after = retryAfter(e.getResponse().header("Retry-After"));
      boolean retry = status == 429 || status >= 500;
      throw new ChatCallFailed(method + ": HTTP " + status, retry, after, e);
    } catch (IOException e) {
      throw new ChatCallFailed(method + ": " + e.getMessage(), true, Optional.empty(), e);
    }
    if (!response.isOk()) {
      String error = response.getError();
      throw new ChatCallFailed(method + ": " + error, TRANSIENT.contains(error),
          Optional.empty(), null);
    }
    return response;
  }

  private static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
