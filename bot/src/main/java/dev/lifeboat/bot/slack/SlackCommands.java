package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.webhook.WebhookResponse;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.run.Origin;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands: acknowledged at once (Slack gives 3 seconds, and Bolt sends the ack only when
 * the handler returns), then handed to the shared inbound path on the adapter's executor. The
 * answer goes to the response URL, so only the person who typed the command sees it.
 * {@code /lifeboat backup now} works like {@code /backup now}, for workspaces where another
 * app already owns {@code /approve} or {@code /cancel}.
 */
final class SlackCommands {
  private static final Logger LOG = LoggerFactory.getLogger(SlackCommands.class);

  /** The commands of the app manifest (config/slack-app-manifest.yaml). */
  static final List<String> NAMES = List.of("/backup", "/verify", "/restore", "/drill", "/runs",
      "/cancel", "/approvals", "/approve", "/deny", "/breakglass", "/incident", "/lifeboat");

  private final ChatInbound inbound;
  private final BlockKit render;
  private final Dedupe dedupe;
  private final Executor work;

  SlackCommands(ChatInbound inbound, BlockKit render, Dedupe dedupe, Executor work) {
    this.inbound = inbound;
    this.render = render;
    this.dedupe = dedupe;
    this.work = work;
  }

  void register(App app) {
    for (String name : NAMES) {
      app.command(name, (req, ctx) -> {
        accept(req.getPayload(), ctx);
        return ctx.ack();
      });
    }
  }

  private void accept(SlashCommandPayload p, SlashCommandContext ctx) {
    // A redelivered command is acknowledged again but runs once.
    if (!dedupe.first(Dedupe.command(p.getUserId(), p.getCommand(), p.getText(),
        p.getTriggerId()))) {
      LOG.debug("Ignored a redelivered {} from {}", p.getCommand(), p.getUserId());
      return;
    }
    try {
      work.execute(() -> respond(ctx, render.text(inbound.command(p.getUserId(), text(p),
          new Origin("slack", p.getChannelId() == null ? "" : p.getChannelId(), "")).lines())));
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; {} from {} was not run", p.getCommand(), p.getUserId());
    }
  }

  /** "/backup now"; "/lifeboat backup now" is the same, "/lifeboat" alone is /help. */
  static String text(SlashCommandPayload p) {
    String args = p.getText() == null ? "" : p.getText().strip();
    if (p.getCommand().equals("/lifeboat")) {
      return args.isEmpty() ? "/help" : "/" + args.replaceFirst("^/", "");
    }
    return p.getCommand() + " " + args;
  }

  private static void respond(SlashCommandContext ctx, String text) {
    try {
      WebhookResponse r = ctx.respond(SlashCommandResponse.builder().responseType("ephemeral")
          .text(Mrkdwn.truncate(text, Mrkdwn.SECTION)).build());
      if (r.getCode() == null || r.getCode() >= 300) {
        LOG.warn("Slack refused the answer to a command (HTTP {}: {})", r.getCode(),
            r.getBody());
      }
    } catch (IOException e) {
      LOG.warn("Could not answer a command: {}", e.getMessage());
    }
  }
}
