package dev.lifeboat.config;

import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Group;
import dev.lifeboat.access.Names;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupSettings;
import dev.lifeboat.run.InstanceSettings;
import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.schedule.Upkeep;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.store.StoreSpec;
import dev.lifeboat.target.Target;
import java.nio.file.Path;
import java.util.Map;

/**
 * The validated, immutable configuration; built only by {@link ConfigLoader}.
 *
 * @param breakGlass whether one person may run a destructive plan alone, with a reason, in an
 *     emergency ({@code approvals.break_glass}); off unless a team turns it on
 * @param instance how this process leases its runs and how long it lets them finish at shutdown
 * @param upkeep per target: schedules, retention, monitors
 * @param escalation the escalation policies by name
 * @param serve what {@code lifeboat serve} exposes besides chat (metrics, health)
 * @param encryption the keys artifacts are encrypted with ({@code encryption}); none by default
 * @param incidents how incidents run: channels, checklists, reminders, stakeholders
 */
public record LifeboatConfig(
    Path file,
    Map<String, Target> targets,
    Map<String, StoreSpec> stores,
    BackupSettings backup,
    StateSettings state,
    Map<String, Person> people,
    Map<String, Group> groups,
    ChatSettings chat,
    Path runbooks,
    boolean breakGlass,
    InstanceSettings instance,
    Map<String, Upkeep> upkeep,
    Map<String, EscalationPolicy> escalation,
    ServeSettings serve,
    dev.lifeboat.encryption.EncryptionKeys encryption,
    dev.lifeboat.incident.IncidentSettings incidents) {

  public LifeboatConfig {
    targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
    stores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stores));
    people = Map.copyOf(people);
    groups = Map.copyOf(groups);
    upkeep = Map.copyOf(upkeep);
    escalation = Map.copyOf(escalation);
  }

  /** A target's schedules, retention and monitors. */
  public Upkeep upkeep(String target) {
    Upkeep u = upkeep.get(target);
    if (u == null) {
      target(target); // says which targets exist
      throw new IllegalStateException("no upkeep for " + target);
    }
    return u;
  }

  public AccessPolicy access() {
    return new AccessPolicy(people, groups);
  }

  public Target target(String name) {
    Target t = targets.get(name);
    if (t == null) {
      throw new NotFoundException("No target named '" + Names.shown(name) + "'. Known targets: "
          + String.join(", ", targets.keySet()) + ".");
    }
    return t;
  }

  /** The target a command means when it names none: the only one, or an error asking to choose. */
  public Target defaultTarget() {
    if (targets.size() == 1) {
      return targets.values().iterator().next();
    }
    throw new dev.lifeboat.InvalidInputException("Which target? Name one of: "
        + String.join(", ", targets.keySet()) + " (for example /backup now "
        + targets.keySet().iterator().next() + ").");
  }
}
