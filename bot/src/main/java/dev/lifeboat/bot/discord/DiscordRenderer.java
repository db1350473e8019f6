package dev.lifeboat.bot.discord;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.bot.chat.ChatRenderer;
import dev.lifeboat.bot.chat.Markup;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import dev.lifeboat.present.Tone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;

/**
 * The shared views in Discord's idiom: a run is one embed coloured by its state, a request an
 * embed with Approve and Deny buttons whose text above pings the approvers. The request id is
 * in the buttons' ids, so a click on a card posted before a restart still finds its request.
 */
final class DiscordRenderer implements ChatRenderer<DiscordMessage> {
  static final String APPROVE = "lifeboat:approve:";
  static final String DENY = "lifeboat:deny:";
  static final String CONTINUE = "lifeboat:continue:";
  static final String ABORT = "lifeboat:abort:";
  static final String APPROVE_REACTION = "✅";
  static final String DENY_REACTION = "❌";

  static final int BLUE = 0x3B82F6;
  static final int GREEN = 0x22C55E;
  static final int RED = 0xEF4444;
  static final int AMBER = 0xF59E0B;
  static final int GREY = 0x9CA3AF;

  private final DiscordPeople people;
  private final Function<ApprovalRequest, List<String>> approverRoles;

  /** @param approverRoles the role ids whose holders may approve a request, to ping them */
  DiscordRenderer(DiscordPeople people, Function<ApprovalRequest, List<String>> approverRoles) {
    this.people = people;
    this.approverRoles = approverRoles;
  }

  @Override
  public DiscordMessage run(RunView view) {
    Lines text = new Lines();
    List<Line> body = new ArrayList<>(List.of(view.title()));
    body.addAll(view.stepLines());
    boolean asking = !view.questionLines().isEmpty() && !view.isFinished();
    body.addAll(view.questionLines());
    if (asking) {
      body.add(Line.text("Continue or abort with the buttons, or react " + APPROVE_REACTION
          + " or " + DENY_REACTION + "."));
    }
    if (view.isFinished()) {
      body.add(Line.text(""));
      body.addAll(view.summaryLines());
    }
    MessageEmbed embed = new EmbedBuilder().setColor(colour(view.tone()))
        .setDescription(cut(text.of(body), MessageEmbed.DESCRIPTION_MAX_LENGTH))
        .setFooter(cut(plain(view.footer()), MessageEmbed.TEXT_MAX_LENGTH)).build();
    String run = Long.toString(view.run().id());
    List<ActionRow> rows = asking ? List.of(ActionRow.of(Button.success(CONTINUE + run,
        "Continue"), Button.danger(ABORT + run, "Abort"))) : List.of();
    return new DiscordMessage("", List.of(embed), rows, Set.of(), Set.of());
  }

  @Override
  public DiscordMessage approval(ApprovalView view) {
    ApprovalRequest r = view.request();
    Lines text = new Lines();
    List<Line> body = new ArrayList<>(List.of(view.title()));
    body.addAll(view.statement());
    body.addAll(view.status());
    if (view.open()) {
      body.add(Line.text("Approve with the button or react " + APPROVE_REACTION + "; deny with "
          + DENY_REACTION + ". The requester's own approval does not count."));
    }
    view.outcome().ifPresent(body::add);
    MessageEmbed embed = new EmbedBuilder().setColor(colour(ApprovalView.tone(r.state())))
        .setDescription(cut(text.of(body), MessageEmbed.DESCRIPTION_MAX_LENGTH))
        .setFooter(cut(plain(view.commands()), MessageEmbed.TEXT_MAX_LENGTH)).build();
    if (!view.open()) {
      // An edit never pings again: the text above says how it ended, for the notification.
      return new DiscordMessage(escape(view.notification()), List.of(embed), List.of(),
          Set.of(), Set.of());
    }
    // Mentions ping only in the text, never in an embed: the approvers are named up here.
    Lines head = new Lines();
    StringBuilder content = new StringBuilder(head.of(List.of(Line.of(Tone.LOCKED)
        .bold(r.ref()).text(" " + r.runbook() + " of " + r.target() + " needs approval")
        .build())));
    List<String> roles = approverRoles.apply(r);
    if (!roles.isEmpty() || !view.approvers().isEmpty()) {
      content.append(" from");
      roles.forEach(role -> content.append(" <@&").append(role).append('>'));
      for (String approver : view.approvers()) {
        content.append(' ').append(head.mention(approver));
      }
    }
    String id = Long.toString(r.id());
    ActionRow buttons = ActionRow.of(Button.success(APPROVE + id, "Approve"),
        Button.danger(DENY + id, "Deny"));
    return new DiscordMessage(content.toString(), List.of(embed), List.of(buttons),
        head.users, Set.copyOf(roles));
  }

  @Override
  public DiscordMessage notice(List<Line> lines, String notification) {
    Lines text = new Lines();
    String content = text.of(lines);
    return new DiscordMessage(content, List.of(), List.of(), text.users, Set.of());
  }

  @Override
  public String text(List<Line> lines) {
    return new Lines().of(lines);
  }

  /** A line without markup, for an embed's footer (which shows no Markdown). */
  private static String plain(Line line) {
    return line.plain();
  }

  /**
   * Markdown of lines, remembering whom it mentioned, so the message that carries it may ping
   * exactly them.
   */
  private final class Lines implements Markup {
    final Set<String> users = new LinkedHashSet<>();

    String of(List<Line> lines) {
      return lines(lines);
    }

    @Override
    public String text(String text) {
      return escape(text);
    }

    @Override
    public String code(String text) {
      String inner = text.replace('`', '\'').replace("\n", " ");
      return inner.isEmpty() ? "" : "`" + inner + "`";
    }

    @Override
    public String bold(String text) {
      return "**" + escape(text) + "**";
    }

    @Override
    public String mention(String person) {
      return people.userId(person).map(id -> {
        users.add(id);
        return "<@" + id + ">";
      }).orElse("**" + escape(person) + "**");
    }

    @Override
    public String status(Tone tone) {
      return emoji(tone);
    }
  }

  /**
   * Escapes Markdown and what Discord reads as a mention or a link, so a reason or an error
   * message cannot format, mention or link.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\', '*', '_', '~', '`', '|', '>', '<', '[', ']', '#' -> out.append('\\').append(c);
        // "@everyone" and "@here" stay words: a zero-width space keeps them from pinging.
        case '@' -> out.append("@\u200b");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static int colour(Tone tone) {
    return switch (tone) {
      case OK, APPROVED -> GREEN;
      case FAILED, DENIED, REFUSED, ALARM -> RED;
      case BUSY, RUNNING, STARTED -> BLUE;
      case WARNING, LOCKED, QUESTION -> AMBER;
      case CANCELLED, SKIPPED, WAITING, EXPIRED, WITHDRAWN -> GREY;
    };
  }

  static String emoji(Tone tone) {
    return switch (tone) {
      case OK -> "✅";
      case FAILED -> "❌";
      case RUNNING -> "🔄";
      case WAITING -> "▫️";
      case SKIPPED -> "➖";
      case CANCELLED -> "⏹️";
      case BUSY -> "⏳";
      case WARNING -> "⚠️";
      case REFUSED -> "⛔";
      case LOCKED -> "🔐";
      case APPROVED -> "👍";
      case DENIED -> "🚫";
      case EXPIRED -> "⌛";
      case WITHDRAWN -> "↩️";
      case ALARM -> "🚨";
      case STARTED -> "🚀";
      case QUESTION -> "❓";
    };
  }
}
