package dev.lifeboat.access;

import dev.lifeboat.NotFoundException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Who may do what on which target, decided in one place for every adapter. */
public final class AccessPolicy {
  private static final String OPERATOR_GROUP = "(operator)";

  private final Map<String, Person> people;
  private final Map<String, Group> groups;

  public AccessPolicy(Map<String, Person> people, Map<String, Group> groups) {
    this.people = Map.copyOf(people);
    this.groups = Map.copyOf(groups);
  }

  public Person person(String name) {
    Person p = people.get(name);
    if (p == null) {
      throw new NotFoundException("No person named '" + Names.shown(name) + "' in the config. Known: "
          + String.join(", ", people.keySet().stream().sorted().toList()) + ".");
    }
    return p;
  }

  /** Finds the person who carries this chat identity, e.g. ("slack", "U024BE7LH"). */
  public Optional<Person> byChatId(String platform, String id) {
    return people.values().stream().filter(p -> id.equals(p.chatIds().get(platform))).findFirst();
  }

  /**
   * The person behind a chat identity that holds {@code roles} on that platform: a person of
   * the config gains the groups their roles stand for; someone the config does not name but
   * who holds a group's role is that group's member, known by their platform id (for example
   * {@code discord-80351110224678912}), so audit entries and the two-person rule tell them
   * apart. Empty for someone with neither.
   */
  public Optional<Person> byChatId(String platform, String id, Set<String> roles) {
    Set<String> roleGroups = groups.values().stream()
        .filter(g -> g.chatRole(platform).filter(roles::contains).isPresent())
        .map(Group::name).collect(Collectors.toSet());
    Optional<Person> listed = byChatId(platform, id);
    if (roleGroups.isEmpty()) {
      return listed;
    }
    if (listed.isPresent()) {
      Set<String> all = new java.util.TreeSet<>(listed.get().groups());
      all.addAll(roleGroups);
      return Optional.of(new Person(listed.get().name(), all, listed.get().chatIds()));
    }
    return Optional.of(new Person(platform + "-" + id, roleGroups, Map.of(platform, id)));
  }

  /** Whether members of group {@code name} may do {@code action} on {@code target}. */
  public boolean groupMay(String name, Action action, String target) {
    Group g = groups.get(name);
    return g != null && g.covers(target) && g.may().contains(action);
  }

  /** The groups with a role on {@code platform} among {@code names}, for mentions. */
  public List<String> roles(String platform, Collection<String> names) {
    return names.stream().map(groups::get).filter(g -> g != null)
        .flatMap(g -> g.chatRole(platform).stream()).distinct().toList();
  }

  public Collection<Person> people() {
    return people.values();
  }

  /**
   * The identity of someone at the server's shell running headless commands (cron jobs): they
   * hold the config and its secrets already, so they may do anything except approve, which
   * always takes a second, named person.
   */
  public static Person operator(String name) {
    return new Person(name, Set.of(OPERATOR_GROUP), Map.of());
  }

  public boolean allows(Person person, Action action, String target) {
    if (person.groups().contains(OPERATOR_GROUP)) {
      return action != Action.APPROVE;
    }
    return person.groups().stream().map(groups::get).filter(g -> g != null && g.covers(target))
        .anyMatch(g -> g.may().contains(action) || (action == Action.VIEW && !g.may().isEmpty()));
  }

  public void require(Person person, Action action, String target) {
    if (!allows(person, action, target)) {
      throw new NotAuthorizedException(person.name() + " may not " + action.description()
          + " on " + target + ". Ask someone in "
          + groupsAllowing(action, target) + " or a Lifeboat admin to change lifeboat.yaml.");
    }
  }

  /** People who may do {@code action} on {@code target}, for mentions in requests. */
  public List<Person> peopleAllowed(Action action, String target) {
    return people.values().stream().filter(p -> allows(p, action, target))
        .sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** The groups whose members may do {@code action} on {@code target}, "a, b". */
  public String groupsAllowing(Action action, String target) {
    String names = groups.values().stream()
        .filter(g -> g.covers(target) && g.may().contains(action)).map(Group::name).sorted()
        .collect(Collectors.joining(", "));
    return names.isEmpty() ? "no group (none is allowed yet)" : names;
  }
}
