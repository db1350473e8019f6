package dev.lifeboat.bot.slack;

import dev.lifeboat.access.AccessPolicy;
import java.util.regex.Pattern;

/**
 * Mentions of the people in lifeboat.yaml by their {@code slack:} id. Who someone is and what
 * they may do is the engine's business; this only renders a name.
 */
final class SlackPeople {
  /** User ids look like U024BE7LH or W0123ABC; anything else is not turned into a mention. */
  private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,20}");

  private final AccessPolicy access;

  SlackPeople(AccessPolicy access) {
    this.access = access;
  }

  /** {@code <@U…>} when the person has a Slack id, their config name in bold otherwise. */
  String mention(String name) {
    return access.people().stream().filter(p -> p.name().equals(name)).findFirst()
        .flatMap(p -> p.chatId("slack")).filter(id -> USER_ID.matcher(id).matches())
        .map(id -> "<@" + id + ">").orElse("*" + Mrkdwn.escape(name) + "*");
  }
}
