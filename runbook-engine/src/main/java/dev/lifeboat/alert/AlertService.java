package dev.lifeboat.alert;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent.AlertAcknowledged;
import dev.lifeboat.event.LifeboatEvent.AlertEscalated;
import dev.lifeboat.event.LifeboatEvent.AlertRaised;
import dev.lifeboat.event.LifeboatEvent.AlertResolved;
import dev.lifeboat.monitor.Finding;
import dev.lifeboat.monitor.Monitors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what the monitors find into alerts: raised once while the trouble lasts, escalated
 * level by level until someone acknowledges it with {@code /ack}, resolved (and said so) when
 * the monitors find the target healthy. Every step is one conditional update in the state
 * database, so each is announced once even with several instances.
 */
public final class AlertService {
  private final LifeboatConfig config;
  private final AccessPolicy access;
  private final Monitors monitors;
  private final AlertRepository alerts;
  private final EventSink events;
  private final AuditLog audit;
  private final Clock clock;

  public AlertService(LifeboatConfig config, Monitors monitors, AlertRepository alerts,
      EventSink events, AuditLog audit, Clock clock) {
    this.config = config;
    this.access = config.access();
    this.monitors = monitors;
    this.alerts = alerts;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
  }

  /** One round: raise what is new, resolve what is gone, escalate what waited long enough. */
  public void tick() {
    Instant now = clock.instant();
    List<Finding> findings = monitors.check();
    Map<String, Alert> open = new HashMap<>();
    for (Alert a : alerts.open()) {
      open.put(a.target() + "|" + a.monitor(), a);
    }
    Set<String> found = new LinkedHashSet<>();
    for (Finding f : findings) {
      found.add(f.target() + "|" + f.monitor());
      if (!open.containsKey(f.target() + "|" + f.monitor())) {
        String policy = config.upkeep(f.target()).monitors().escalation().orElse("");
        alerts.raise(f, policy, now).ifPresent(a -> {
          audit.append("monitor", "alert", a.target(), a.ref() + " raised: " + a.summary(),
              "raised");
          List<String> first = List.of();
          if (policy(a).map(p -> p.dueLevel(Duration.ZERO) >= 1).orElse(false)
              && alerts.escalate(a.id(), 0, 1)) {
            first = mentions(policy(a).orElseThrow(), 0, 1);
          }
          events.publish(new AlertRaised(alerts.find(a.id()).orElse(a), first));
        });
      }
    }
    for (Alert a : open.values()) {
      if (!found.contains(a.target() + "|" + a.monitor())) {
        if (alerts.resolve(a.id(), now)) {
          audit.append("monitor", "alert", a.target(), a.ref() + " resolved", "resolved");
          events.publish(new AlertResolved(alerts.find(a.id()).orElse(a),
              Duration.between(a.raisedAt(), now)));
        }
      } else if (!a.acknowledged()) {
        escalate(a, now);
      }
    }
  }

  private void escalate(Alert a, Instant now) {
    Optional<EscalationPolicy> policy = policy(a);
    if (policy.isEmpty()) {
      return;
    }
    int due = policy.get().dueLevel(Duration.between(a.raisedAt(), now));
    // Levels passed while no Lifeboat ran are told together, as the highest one due.
    if (due > a.levelNotified() && alerts.escalate(a.id(), a.levelNotified(), due)) {
      audit.append("monitor", "escalate", a.target(), a.ref() + " to level " + due,
          "escalated");
      events.publish(new AlertEscalated(alerts.find(a.id()).orElse(a), due,
          policy.get().levels().size(), mentions(policy.get(), a.levelNotified(), due)));
    }
  }

  /** {@code /ack al3}: stops the escalation and records who took it. */
  public Alert acknowledge(Optional<Long> id, Person person) {
    Alert alert = id.map(i -> alerts.find(i).orElseThrow(() -> new NotFoundException("No alert al"
        + i + ". /backup status lists the open ones."))).orElseGet(() -> onlyOpenFor(person));
    access.require(person, Action.VIEW, alert.target());
    if (alert.resolvedAt().isPresent()) {
      throw new InvalidInputException(alert.ref() + " is resolved already; nothing to take.");
    }
    if (!alerts.acknowledge(alert.id(), person.name(), clock.instant())) {
      Alert now = alerts.find(alert.id()).orElse(alert);
      throw new InvalidInputException(alert.ref() + " was acknowledged by "
          + now.ackedBy().orElse("someone") + " already.");
    }
    audit.append(person.name(), "ack", alert.target(), alert.ref() + ": " + alert.summary(),
        "acknowledged");
    Alert acked = alerts.find(alert.id()).orElse(alert);
    events.publish(new AlertAcknowledged(acked, person.name()));
    return acked;
  }

  public List<Alert> open() {
    return alerts.open();
  }

  private Alert onlyOpenFor(Person person) {
    List<Alert> candidates = alerts.open().stream().filter(a -> !a.acknowledged())
        .filter(a -> access.allows(person, Action.VIEW, a.target())).toList();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new InvalidInputException(candidates.isEmpty() ? "No open alert waits for you."
        : "Which alert? " + String.join(", ", candidates.stream().map(Alert::ref).toList())
            + " are open; for example /ack " + candidates.get(0).ref() + ".");
  }

  private Optional<EscalationPolicy> policy(Alert a) {
    return Optional.ofNullable(config.escalation().get(a.policy()));
  }

  /**
   * The people of the levels after {@code told} up to {@code level}: named people, and every
   * member of a named group. Earlier levels were told already.
   */
  private List<String> mentions(EscalationPolicy policy, int told, int level) {
    Set<String> names = new LinkedHashSet<>();
    List<String> whom = policy.levels().subList(told, level).stream()
        .flatMap(l -> l.who().stream()).toList();
    for (String who : whom) {
      if (config.people().containsKey(who)) {
        names.add(who);
      } else {
        access.people().stream().filter(p -> p.groups().contains(who))
            .map(Person::name).sorted().forEach(names::add);
      }
    }
    return List.copyOf(names);
  }
}
