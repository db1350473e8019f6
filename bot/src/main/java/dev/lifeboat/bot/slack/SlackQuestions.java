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

  private void click(BlockActionPayload payload, boolean proceed) {
    SlackClick click = SlackClick.of(payload, dedupe).orElse(null);
    if (click == null) {
      return;
    }
    try {
      work.execute(() -> click.id().ifPresent(run -> {
        ChatInbound.Answer answer = inbound.answer(click.user(), run, proceed, "button");
        if (answer.reply().isEmpty() && click.channel() != null) {
          out.ephemeral(click.channel(), click.user(), render.text(answer.lines()));
        }
      }));
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; a checklist click was not handled");
    }
  }
}
