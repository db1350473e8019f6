package dev.lifeboat.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A group of people and what its members may do on which targets ("*" for all).
 *
 * @param chatRoles a role on a chat platform whose holders count as members, e.g. {@code
 *     discord -> 112233445566778899} (lifeboat.yaml's {@code discord_role:})
 */
public record Group(String name, Set<Action> may, List<String> targets,
    Map<String, String> chatRoles) {
  public Group {
    may = Set.copyOf(may);
    targets = List.copyOf(targets);
    chatRoles = Map.copyOf(chatRoles);
  }

  public Group(String name, Set<Action> may, List<String> targets) {
    this(name, may, targets, Map.of());
  }

  public boolean covers(String target) {
    return targets.contains("*") || targets.contains(target);
  }

  public Optional<String> chatRole(String platform) {
    return Optional.ofNullable(chatRoles.get(platform));
  }
}
