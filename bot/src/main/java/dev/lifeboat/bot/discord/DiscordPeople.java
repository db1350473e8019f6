package dev.lifeboat.bot.discord;

import dev.lifeboat.access.AccessPolicy;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Discord ids of the people in lifeboat.yaml ({@code discord:}), and of people the config
 * knows only by a role (named {@code discord-ID} by the access policy). Who someone is and what
 * they may do is the engine's business; this only finds the id to mention.
 */
final class DiscordPeople {
  static final String PLATFORM = "discord";
  private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,20}");
  private static final Pattern ROLE_MEMBER = Pattern.compile("discord-([0-9]{1,20})");

  private final AccessPolicy access;

  DiscordPeople(AccessPolicy access) {
    this.access = access;
  }

  /** The user id to mention for the person called {@code name}, if they have one. */
  Optional<String> userId(String name) {
    Matcher m = ROLE_MEMBER.matcher(name);
    if (m.matches()) {
      return Optional.of(m.group(1));
    }
    return access.people().stream().filter(p -> p.name().equals(name)).findFirst()
        .flatMap(p -> p.chatId(PLATFORM)).filter(id -> SNOWFLAKE.matcher(id).matches());
  }
}
