package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asContextElements;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.lifeboat.bot.chat.ChatRenderer;
import dev.lifeboat.bot.chat.Markup;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import dev.lifeboat.present.Tone;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared views in Block Kit: spans become mrkdwn, a run becomes one message, a request a
 * card with buttons. The request id is in the buttons' values and the block ids, so a click on
 * any copy of a card, even one posted before a restart, leads back to the request.
 */
final class BlockKit implements ChatRenderer<SlackMessage> {
  static final String APPROVE = "lifeboat_approve";
  static final String DENY = "lifeboat_deny";
  static final String CONTINUE = "lifeboat_continue";
  static final String ABORT = "lifeboat_abort";
  static final String APPROVE_REACTION = "white_check_mark";
  static final String DENY_REACTION = "x";
  /** Marks a message for the incident's timeline. */
  static final String PIN_REACTION = "pushpin";

  private final Markup markup;

  BlockKit(SlackPeople people) {
    this.markup = new Markup() {
      @Override
      public String text(String text) {
        return Mrkdwn.escape(text);
      }

      @Override
      public String code(String text) {
        return "`" + Mrkdwn.escape(text.replace('`', '\'')).replace("\n", " ") + "`";
      }

      @Override
      public String bold(String text) {
        return "*" + Mrkdwn.escape(text) + "*";
      }

      @Override
      public String mention(String person) {
        return people.mention(person);
      }

      @Override
      public String status(Tone tone) {
        return emoji(tone);
      }
    };
  }

  @Override
  public SlackMessage run(RunView view) {
    List<LayoutBlock> blocks = new ArrayList<>();
    String id = "lifeboat-run-" + view.run().ref();
    blocks.add(block(id, List.of(view.title())));
    if (!view.stepLines().isEmpty()) {
      blocks.add(block(id + "-steps", view.stepLines()));
    }
    if (!view.questionLines().isEmpty()) {
      List<Line> question = new ArrayList<>(view.questionLines());
      question.add(Line.text("Continue or abort with the buttons, or react :" + APPROVE_REACTION
          + ": or :" + DENY_REACTION + ":."));
      blocks.add(block(id + "-question", question));
      String value = Long.toString(view.run().id());
      blocks.add(actions(id + "-answer", asElements(
          button(b -> b.actionId(CONTINUE).text(plainText("Continue")).style("primary")
              .value(value)),
          button(b -> b.actionId(ABORT).text(plainText("Abort")).style("danger")
              .value(value)))));
    }
    if (view.isFinished()) {
      blocks.add(block(id + "-summary", view.summaryLines()));
    }
    blocks.add(context(c -> c.elements(asContextElements(markdownText(
        mrkdwn(List.of(view.footer())))))));
    return new SlackMessage(view.notification(), blocks);
  }

  @Override
  public SlackMessage approval(ApprovalView view) {
    long request = view.request().id();
    String id = "lifeboat-approval-a" + request;
    List<LayoutBlock> blocks = new ArrayList<>();
    List<Line> head = new ArrayList<>(List.of(view.title()));
    head.addAll(view.statement());
    blocks.add(block(id, head));
    if (!view.loss().isEmpty()) {
      List<Line> loss = new ArrayList<>(view.loss());
      view.lossInThread().ifPresent(loss::add);
      blocks.add(block(id + "-loss", loss));
    }
    List<Line> status = new ArrayList<>(view.status());
    if (view.open()) {
      status.add(Line.text("Approve with the button or react :" + APPROVE_REACTION
          + ":; deny with :" + DENY_REACTION + ":. The requester's own approval does not "
          + "count."));
    }
    view.outcome().ifPresent(status::add);
    if (!status.isEmpty()) {
      blocks.add(block(id + "-status", status));
    }
    if (view.open()) {
      String value = Long.toString(request);
      blocks.add(actions(id + "-actions", asElements(
          button(b -> b.actionId(APPROVE).text(plainText("Approve")).style("primary")
              .value(value)),
          button(b -> b.actionId(DENY).text(plainText("Deny")).style("danger").value(value)))));
    }
    blocks.add(context(c -> c.blockId(id + "-context").elements(asContextElements(
        markdownText(mrkdwn(List.of(view.commands())))))));
    return new SlackMessage(view.notification(), blocks);
  }

  @Override
  public SlackMessage notice(List<Line> lines, String notification) {
    return new SlackMessage(notification, List.of(block(null, lines)));
  }

  @Override
  public String text(List<Line> lines) {
    return mrkdwn(lines);
  }

  /** Lines in Slack's markup: what people typed is escaped, so it cannot mention or link. */
  String mrkdwn(List<Line> lines) {
    return markup.lines(lines);
  }

  private LayoutBlock block(String blockId, List<Line> lines) {
    String text = Mrkdwn.truncate(mrkdwn(lines), Mrkdwn.SECTION);
    return section(s -> s.blockId(blockId).text(markdownText(text)));
  }

  static String emoji(Tone tone) {
    return switch (tone) {
      case OK -> ":white_check_mark:";
      case FAILED -> ":x:";
      case RUNNING -> ":arrows_counterclockwise:";
      case WAITING -> ":white_small_square:";
      case SKIPPED -> ":heavy_minus_sign:";
      case CANCELLED -> ":black_square_for_stop:";
      case BUSY -> ":hourglass_flowing_sand:";
      case WARNING -> ":warning:";
      case REFUSED -> ":no_entry:";
      case LOCKED -> ":closed_lock_with_key:";
      case APPROVED -> ":+1:";
      case DENIED -> ":no_entry_sign:";
      case EXPIRED -> ":hourglass:";
      case WITHDRAWN -> ":leftwards_arrow_with_hook:";
      case ALARM -> ":rotating_light:";
      case STARTED -> ":rocket:";
      case QUESTION -> ":question:";
    };
  }
}
