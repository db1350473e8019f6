package dev.lifeboat.bot.slack;

import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Person;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Slack identities of the people in lifeboat.yaml (their {@code slack:} id). Who someone is
 * and what they may do is the engine's business; this only translates ids and mentions.
 */
final class SlackPeople {
  /** User ids look like U024BE7LH or W0123ABC; anything else is not turned into a mention. */
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");

  private final AccessPolicy access;

  SlackPeople(AccessPolicy access) {
    this.access = access;
  }

  Optional<Person> bySlackId(String userId) {
    return userId == null ? Optional.empty() : access.byChatId("slack", userId);
  }

  /** {@code <@U…>} when the person has a Slack id, their config name in bold otherwise. */
  String mention(String name) {
    return access.people().stream().filter(p -> p.name().equals(name)).findFirst()
        .flatMap(p -> p.chatId("slack")).filter(id -> USER_ID.matcher(id).matches())
        .map(id -> "<@" + id + ">").orElse("*" + Mrkdwn.escape(name) + "*");
  }

  String mentions(List<String> names) {
    return names.isEmpty() ? "nobody (no approver is configured!)"
        : names.stream().map(this::mention).collect(Collectors.joining(", "));
  }

  /** What a Slack user who is not in lifeboat.yaml is told, whatever they tried. */
  static String stranger(String userId) {
    return "Sorry, Lifeboat does not know you yet, so it cannot act on this. Ask a Lifeboat "
        + "admin to add `slack: " + (userId == null ? "?" : Mrkdwn.escape(userId)) + "` to your "
        + "entry under `people:` in lifeboat.yaml.";
  }
}
