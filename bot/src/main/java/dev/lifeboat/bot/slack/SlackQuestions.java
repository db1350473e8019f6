package dev.lifeboat.bot.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.bot.chat.LiveMessages;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continue and Abort, the buttons on a run's message while its checklist waits, mapped onto the
 * shared inbound path exactly like /continue and /abort. A refusal is shown only to the person
 * who clicked; the answer itself shows on the run's message through the engine's event.
 */
final class SlackQuestions {
  private static final Logger LOG = LoggerFactory.getLogger(SlackQuestions.class);

  private final ChatInbound inbound;
  private final LiveMessages<SlackMessage> out;
  private final BlockKit render;
  private final Dedupe dedupe;
  private final Executor work;

  SlackQuestions(ChatInbound inbound, LiveMessages<SlackMessage> out, BlockKit render,
      Dedupe dedupe, Executor work) {
    this.inbound = inbound;
    this.out = out;
    this.render = render;
    this.dedupe = dedupe;
    this.work = work;
  }

  void register(App app) {
    app.blockAction(BlockKit.CONTINUE, (req, ctx) -> {
      click(req.getPayload(), true);
      return ctx.ack();
    });
    app.blockAction(BlockKit.ABORT, (req, ctx) -> {
      click(req.getPayload(), false);
      return ctx.ack();
    });
  }

  private void click(BlockActionPayload p, boolean proceed) {
    if (p.getActions() == null || p.getActions().isEmpty() || p.getUser() == null) {
      return;
    }
    BlockActionPayload.Action action = p.getActions().get(0);
    if (!dedupe.first(Dedupe.click(p.getUser().getId(), action.getActionId(),
        action.getActionTs()))) {
      return;
    }
    String channel = p.getContainer() != null && p.getContainer().getChannelId() != null
        ? p.getContainer().getChannelId() : p.getChannel() == null ? null : p.getChannel().getId();
    try {
      work.execute(() -> {
        long run;
        try {
          run = Long.parseLong(action.getValue());
        } catch (NumberFormatException e) {
          LOG.warn("A button with an unexpected value: {}", action.getValue());
          return;
        }
        ChatInbound.Answer answer = inbound.answer(p.getUser().getId(), run, proceed, "button");
        if (answer.reply().isEmpty() && channel != null) {
          out.ephemeral(channel, p.getUser().getId(), render.text(answer.lines()));
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; a checklist click was not handled");
    }
  }
}
