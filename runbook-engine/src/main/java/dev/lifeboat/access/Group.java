package dev.lifeboat.access;

import java.util.List;
import java.util.Set;

/** A group of people and what its members may do on which targets ("*" for all). */
public record Group(String name, Set<Action> may, List<String> targets) {
  public Group {
    may = Set.copyOf(may);
    targets = List.copyOf(targets);
  }

  public boolean covers(String target) {
    return targets.contains("*") || targets.contains(target);
  }
}
