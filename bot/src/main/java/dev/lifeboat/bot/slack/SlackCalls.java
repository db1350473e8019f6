package dev.lifeboat.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The few Web API methods the adapter uses, with Slack's errors sorted into "try again later"
 * and "give up". The synchronous client throws on HTTP 429 without retrying, which is what we
 * want: the caller decides when, and keeps only the newest content meanwhile.
 */
final class SlackCalls {
  /** Errors in an ok:false answer that go away by themselves. */
  private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited",
      "internal_error", "fatal_error", "service_unavailable", "request_timeout",
      "team_added_to_org");

  private final MethodsClient client;

  SlackCalls(MethodsClient client) {
    this.client = client;
  }

  /** A message Lifeboat posted: where it is. */
  record Posted(String channel, String ts) {}

  /** Who the bot token belongs to, to recognise the bot's own messages. */
  record Bot(String userId, String botId) {}

  Bot whoAmI() throws SlackCallFailed {
    AuthTestResponse r = call("auth.test", () -> client.authTest(req -> req));
    return new Bot(r.getUserId(), r.getBotId());
  }

  Posted post(String channel, String text, List<LayoutBlock> blocks) throws SlackCallFailed {
    ChatPostMessageResponse r = call("chat.postMessage", () -> client.chatPostMessage(req -> req
        .channel(channel).text(text).blocks(blocks).unfurlLinks(false).unfurlMedia(false)));
    return new Posted(r.getChannel() != null ? r.getChannel() : channel, r.getTs());
  }

  void reply(String channel, String threadTs, String text) throws SlackCallFailed {
    call("chat.postMessage", () -> client.chatPostMessage(req -> req.channel(channel)
        .threadTs(threadTs).text(text).mrkdwn(true).unfurlLinks(false)));
  }

  void update(String channel, String ts, String text, List<LayoutBlock> blocks)
      throws SlackCallFailed {
    // Blocks are sent every time: without them Slack keeps the old blocks and only the
    // notification text would change.
    call("chat.update", () -> client.chatUpdate(req -> req.channel(channel).ts(ts).text(text)
        .blocks(blocks)));
  }

  void ephemeral(String channel, String user, String text) throws SlackCallFailed {
    call("chat.postEphemeral", () -> client.chatPostEphemeral(req -> req.channel(channel)
        .user(user).text(text)));
  }

  /** The one message at {@code ts} in {@code channel}, if Slack still has it. */
  Optional<Message> message(String channel, String ts) throws SlackCallFailed {
    ConversationsHistoryResponse r = call("conversations.history", () -> client
        .conversationsHistory(req -> req.channel(channel).latest(ts).oldest(ts).inclusive(true)
            .limit(1)));
    return r.getMessages() == null ? Optional.empty()
        : r.getMessages().stream().filter(m -> ts.equals(m.getTs())).findFirst();
  }

  private interface Call<T> {
    T run() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, Call<T> call)
      throws SlackCallFailed {
    T response;
    try {
      response = call.run();
    } catch (SlackApiException e) {
      int status = e.getResponse().code();
      Optional<Duration> after = retryAfter(e.getResponse().header("Retry-After"));
      boolean retry = status == 429 || status >= 500;
      throw new SlackCallFailed(method + ": HTTP " + status, retry, after, e);
    } catch (IOException e) {
      throw new SlackCallFailed(method + ": " + e.getMessage(), true, Optional.empty(), e);
    }
    if (!response.isOk()) {
      String error = response.getError();
      throw new SlackCallFailed(method + ": " + error, TRANSIENT.contains(error),
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
