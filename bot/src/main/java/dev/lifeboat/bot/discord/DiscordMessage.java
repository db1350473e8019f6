package dev.lifeboat.bot.discord;

import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * What a Discord message shows: text, embeds and button rows, and whom it may ping. Only the
 * users and roles Lifeboat put there itself ping: a mention that arrived inside a reason or an
 * error message shows as a name and notifies nobody, and {@code @everyone} never does.
 *
 * @param content the text above the embeds; mentions here ping, mentions in embeds never do
 * @param pingUsers user ids allowed to be notified by {@code content}
 * @param pingRoles role ids allowed to be notified by {@code content}
 */
record DiscordMessage(String content, List<MessageEmbed> embeds, List<ActionRow> rows,
    Set<String> pingUsers, Set<String> pingRoles) {
  /** Discord refuses a message text over 2000 characters. */
  static final int CONTENT = 2000;

  DiscordMessage {
    content = content.length() <= CONTENT ? content : content.substring(0, CONTENT - 1) + "…";
    embeds = List.copyOf(embeds);
    rows = List.copyOf(rows);
    pingUsers = Set.copyOf(pingUsers);
    pingRoles = Set.copyOf(pingRoles);
  }

  static DiscordMessage text(String content) {
    return new DiscordMessage(content, List.of(), List.of(), Set.of(), Set.of());
  }

  MessageCreateData create() {
    return new MessageCreateBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
        .setAllowedMentions(List.of()).mentionUsers(pingUsers).mentionRoles(pingRoles).build();
  }

  /** Every part is sent, so an edit that removes the buttons does remove them. */
  MessageEditData edit() {
    return new MessageEditBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
        .setAllowedMentions(List.of()).mentionUsers(pingUsers).mentionRoles(pingRoles).build();
  }
}
