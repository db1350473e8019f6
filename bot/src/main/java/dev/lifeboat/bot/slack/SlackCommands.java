package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.webhook.WebhookResponse;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.CommandService;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Origin;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands: acknowledged at once (Slack gives 3 seconds, and Bolt sends the ack only when
 * the handler returns), then parsed by the shared parser and run by the engine's command
 * service on the adapter's executor. The answer goes to the response URL, so only the person
 * who typed the command sees it; errors too.
 */
final class SlackCommands {
  private static final Logger LOG = LoggerFactory.getLogger(SlackCommands.class);

  /** The commands of the app manifest (config/slack-app-manifest.yaml). */
  static final List<String> NAMES = List.of("/backup", "/verify", "/restore", "/drill", "/runs",
      "/cancel", "/approvals", "/approve", "/deny", "/breakglass", "/lifeboat");

  private final CommandService commands;
  private final SlackPeople people;
  private final ReplyText replies;
  private final Dedupe dedupe;
  private final Executor work;
  private final CommandParser parser = new CommandParser();

  SlackCommands(CommandService commands, SlackPeople people, ReplyText replies, Dedupe dedupe,
      Executor work) {
    this.commands = commands;
    this.people = people;
    this.replies = replies;
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
      work.execute(() -> run(p, ctx));
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; {} from {} was not run", p.getCommand(), p.getUserId());
    }
  }

  private void run(SlashCommandPayload p, SlashCommandContext ctx) {
    Optional<Person> person = people.bySlackId(p.getUserId());
    if (person.isEmpty()) {
      respond(ctx, SlackPeople.stranger(p.getUserId()));
      return;
    }
    String text = p.getCommand() + " " + (p.getText() == null ? "" : p.getText());
    try {
      Command command = parser.parse(text);
      Reply reply = commands.execute(person.get(), command,
          new Origin("slack", p.getChannelId() == null ? "" : p.getChannelId(), ""));
      respond(ctx, replies.render(reply));
    } catch (LifeboatException e) {
      respond(ctx, ":warning: " + Mrkdwn.escape(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} from {} failed", p.getCommand(), person.get().name(), e);
      respond(ctx, ":warning: Something went wrong inside Lifeboat; nothing more was done. "
          + "The operators' log has the details.");
    }
  }

  private static void respond(SlashCommandContext ctx, String text) {
    try {
      WebhookResponse r = ctx.respond(SlashCommandResponse.builder().responseType("ephemeral")
          .text(text).build());
      if (r.getCode() == null || r.getCode() >= 300) {
        LOG.warn("Slack refused the answer to a command (HTTP {}: {})", r.getCode(),
            r.getBody());
      }
    } catch (IOException e) {
      LOG.warn("Could not answer a command: {}", e.getMessage());
    }
  }
}
