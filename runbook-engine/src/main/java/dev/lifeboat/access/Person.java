package dev.lifeboat.access;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Someone the config knows.
 *
 * @param chatIds identities on chat platforms, e.g. {@code slack -> U024BE7LH}
 */
public record Person(String name, Set<String> groups, Map<String, String> chatIds) {
  public Person {
    groups = Set.copyOf(groups);
    chatIds = Map.copyOf(chatIds);
  }

  public Optional<String> chatId(String platform) {
    return Optional.ofNullable(chatIds.get(platform));
  }
}
