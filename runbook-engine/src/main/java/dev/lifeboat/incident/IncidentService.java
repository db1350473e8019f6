package dev.lifeboat.incident;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.Names;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.alert.Alert;
import dev.lifeboat.alert.AlertService;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.incident.IncidentRepository.LinkKind;
import dev.lifeboat.incident.TimelineEntry.Kind;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import dev.lifeboat.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents: opening one (its channel, its commander, the escalation policy pinged), roles,
 * phases with their checklists, notes, status updates and reminders, and the report at the end.
 * As an {@link EventSink} it links the runs and requests asked for in an incident's channel and
 * writes the timeline from their events and from alerts on the target, so nobody types it.
 * Everything lives in the state database; several instances share it.
 */
public final class IncidentService implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentService.class);
  /** How often a quiet incident's card is redrawn, so the backup's age stays true. */
  static final Duration REFRESH = Duration.ofMinutes(5);
  private static final Pattern CHAT_MENTION = Pattern.compile("<@([A-Za-z0-9]{1,40})(\\|[^>]*)?>");
  private static final DateTimeFormatter CHANNEL_TIME = DateTimeFormatter
      .ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final LifeboatConfig config;
  private final IncidentSettings settings;
  private final AccessPolicy access;
  private final IncidentRepository incidents;
  private final Assessor assessor;
  private final IncidentReports reports;
  private final AlertService alerts;
  private final AuditLog audit;
  private final EventSink events;
  private final Clock clock;
  /** What each target's database looked like last; an observation, not incident state. */
  private final Map<String, DatabaseState> seen = new ConcurrentHashMap<>();
  private final Map<Long, Instant> drawn = new ConcurrentHashMap<>();
  /**
   * The runs of this process that belong to an incident. A run is linked when it starts, in the
   * process that runs it, which publishes all its events: the others need no query (1-5 ms each
   * on the state database, for every step of every run).
   */
  private final java.util.Set<Long> linkedHere = ConcurrentHashMap.newKeySet();
  private volatile IncidentChannels channels = IncidentChannels.NONE;

  public IncidentService(LifeboatConfig config, IncidentRepository incidents, Assessor assessor,
      IncidentReports reports, AlertService alerts, AuditLog audit, EventSink events,
      Clock clock) {
    this.config = config;
    this.settings = config.incidents();
    this.access = config.access();
    this.incidents = incidents;
    this.assessor = assessor;
    this.reports = reports;
    this.alerts = alerts;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** Chat adapters open incident channels through this (their presenter); else none. */
  public void openChannelsThrough(IncidentChannels opener) {
    this.channels = opener;
  }

  /**
   * {@code /incident start TITLE [target] [--severity sevN]}: the last word is the target when
   * it names one; with a single target it may be left out.
   */
  public Incident start(Person actor, String text, Severity severity, Origin origin) {
    List<String> words = List.of(text.strip().split("\\s+"));
    Target target;
    List<String> title = words;
    if (words.size() > 1 && config.targets().containsKey(words.get(words.size() - 1))) {
      target = config.target(words.get(words.size() - 1));
      title = words.subList(0, words.size() - 1);
    } else if (config.targets().size() == 1) {
      target = config.defaultTarget();
    } else {
      throw new InvalidInputException("Which target? End the title with one of "
          + String.join(", ", config.targets().keySet()) + ", for example /incident start "
          + "checkout is down " + config.targets().keySet().iterator().next() + ".");
    }
    String shownTitle = Names.text(String.join(" ", title), 200);
    if (shownTitle.isBlank() || (words.size() == 1 && config.targets().containsKey(words.get(0)))) {
      throw new InvalidInputException("What is the incident? Usage: /incident start TITLE "
          + "[target] [--severity sev1|sev2|sev3]");
    }
    access.require(actor, Action.VIEW, target.name());
    Instant now = clock.instant();
    List<String> mentions = mentions(target.name(), severity);
    Origin home = origin;
    String place = "";
    if (settings.ownChannel()) {
      List<Person> invite = new ArrayList<>(List.of(actor));
      mentions.stream().filter(m -> !m.equals(actor.name()))
          .forEach(m -> invite.add(access.person(m)));
      Optional<IncidentChannels.Opened> opened = Optional.empty();
      try {
        opened = channels.open(origin, channelName(shownTitle, now), invite);
      } catch (RuntimeException e) {
        LOG.warn("Could not open a channel for the incident, keeping it here: {}",
            e.getMessage());
      }
      if (opened.isPresent()) {
        home = opened.get().origin();
        place = opened.get().place();
      }
    }
    Incident incident = incidents.open(shownTitle, target.name(), severity, home, place,
        actor.name(), now).orElseThrow(() -> new InvalidInputException(incidents.openAt(origin)
            .map(i -> i.ref() + " (" + i.title() + ") is open in this channel already. "
                + "/incident resolve closes it; /incident timeline shows it.")
            .orElse("An incident is open in this channel already.")));
    // Alerts that came before it belong to its story: the first one is how it was detected.
    for (Alert a : alerts.open()) {
      if (a.target().equals(target.name())) {
        incidents.add(incident.id(), a.raisedAt(), Kind.ALERT, "monitor", a.ref(),
            "raised: " + a.summary());
      }
    }
    incidents.add(incident.id(), now, Kind.STARTED, actor.name(), "", "opened " + severity.label()
        + " on " + target.name() + ": " + shownTitle + " · commander " + actor.name());
    audit.append(actor.name(), "incident start", target.name(), incident.ref() + " "
        + severity.label() + ": " + shownTitle, "opened");
    seen.put(target.name(), assessor.probe(target.name()));
    drawn.put(incident.id(), now);
    events.publish(new LifeboatEvent.IncidentOpened(incident, assess(incident), mentions,
        settings.checklist(Phase.ASSESS)));
    return incident;
  }

  /** {@code /incident role commander|scribe|dba @person}. */
  public Incident role(Person actor, Optional<Long> ref, Role role, String who, Origin origin) {
    Incident incident = openOne(actor, ref, origin);
    requireLead(actor, incident, "give roles in");
    Person person = person(who, origin.adapter());
    incidents.role(incident.id(), role, person.name());
    incidents.add(incident.id(), clock.instant(), Kind.ROLE, actor.name(), "",
        person.name() + " is " + role.label());
    audit.append(actor.name(), "incident role", incident.target(), incident.ref() + ": "
        + person.name() + " is " + role.label(), "set");
    Incident now = reread(incident);
    events.publish(new LifeboatEvent.IncidentRoleChanged(now, assess(now), role, person.name(),
        actor.name()));
    return now;
  }

  /** {@code /incident phase NEXT}: a phase by name, or {@code next}. */
  public Incident phase(Person actor, Optional<Long> ref, String word, Origin origin) {
    Incident incident = openOne(actor, ref, origin);
    requireLead(actor, incident, "move the phase of");
    Phase to = word.equalsIgnoreCase("next") ? incident.phase().next() : Phase.parse(word);
    if (to == Phase.RESOLVED) {
      throw new InvalidInputException("/incident resolve closes " + incident.ref()
          + " and writes its report; the phases before it are " + Phase.all() + ".");
    }
    if (to == incident.phase()) {
      throw new InvalidInputException(incident.ref() + " is in its " + to.label()
          + " phase already.");
    }
    incidents.phase(incident.id(), to);
    incidents.add(incident.id(), clock.instant(), Kind.PHASE, actor.name(), "",
        incident.phase().label() + " → " + to.label());
    audit.append(actor.name(), "incident phase", incident.target(), incident.ref() + ": "
        + incident.phase().label() + " → " + to.label(), "moved");
    Incident now = reread(incident);
    events.publish(new LifeboatEvent.IncidentPhaseChanged(now, assess(now), incident.phase(), to,
        actor.name(), settings.checklist(to)));
    return now;
  }

  /**
   * A note in the timeline: {@code /incident note TEXT}, a pinned message (PIN) or a follow-up
   * for the report (FOLLOWUP).
   */
  public TimelineEntry note(Person actor, Optional<Long> ref, Kind kind, String text,
      Origin origin) {
    if (kind != Kind.NOTE && kind != Kind.PIN && kind != Kind.FOLLOWUP) {
      throw new IllegalArgumentException("not a note: " + kind);
    }
    Incident incident = openOne(actor, ref, origin);
    access.require(actor, Action.VIEW, incident.target());
    String clean = Names.text(text, 1000);
    if (clean.isBlank()) {
      throw new InvalidInputException("Usage: /incident " + (kind == Kind.FOLLOWUP ? "followup"
          : "note") + " TEXT");
    }
    TimelineEntry entry = incidents.add(incident.id(), clock.instant(), kind, actor.name(), "",
        clean);
    events.publish(new LifeboatEvent.IncidentNoted(incident, assess(incident), entry));
    return entry;
  }

  /**
   * A message someone pinned (a reaction) in an incident's channel, as a note; a pin anywhere
   * else is just a pin (empty).
   */
  public Optional<TimelineEntry> pin(Person actor, String text, Origin origin) {
    if (incidents.openAt(origin).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(note(actor, Optional.empty(), Kind.PIN, text, origin));
  }

  /** {@code /incident update TEXT}: to the channel and the stakeholders; reminders restart. */
  public Incident update(Person actor, Optional<Long> ref, String text, Origin origin) {
    Incident incident = openOne(actor, ref, origin);
    access.require(actor, Action.VIEW, incident.target());
    String clean = Names.text(text, 1000);
    if (clean.isBlank()) {
      throw new InvalidInputException("Usage: /incident update TEXT (it goes to the channel "
          + "and the stakeholders)");
    }
    Instant now = clock.instant();
    incidents.updated(incident.id(), now);
    incidents.add(incident.id(), now, Kind.UPDATE, actor.name(), "", clean);
    Incident updated = reread(incident);
    events.publish(new LifeboatEvent.IncidentUpdated(updated, assess(updated), actor.name(),
        clean, settings.stakeholders()));
    return updated;
  }

  /** The incident, its timeline (in order, step outcomes folded into their runs). */
  public record Story(Incident incident, List<TimelineEntry> timeline) {
    public Story {
      timeline = List.copyOf(timeline);
    }
  }

  public Story timeline(Person actor, Optional<Long> ref, Origin origin) {
    Incident incident = any(actor, ref, origin);
    access.require(actor, Action.VIEW, incident.target());
    return new Story(incident, incidents.entries(incident.id()).stream()
        .filter(e -> e.kind().shownInTimeline()).toList());
  }

  /** The incident with a fresh look at its database, for {@code /incident}. */
  public LifeboatEvent.IncidentAssessed show(Person actor, Optional<Long> ref, Origin origin) {
    Incident incident = any(actor, ref, origin);
    access.require(actor, Action.VIEW, incident.target());
    if (incident.open()) {
      seen.put(incident.target(), assessor.probe(incident.target()));
    }
    return new LifeboatEvent.IncidentAssessed(incident, assess(incident));
  }

  /** {@code /incident resolve}: closes it, writes the report, posts the summary. */
  public LifeboatEvent.IncidentResolved resolve(Person actor, Optional<Long> ref, Origin origin) {
    Incident incident = openOne(actor, ref, origin);
    requireLead(actor, incident, "resolve");
    Instant now = clock.instant();
    if (!incidents.resolve(incident.id(), actor.name(), now)) {
      Incident closed = reread(incident);
      throw new InvalidInputException(incident.ref() + " was resolved already by "
          + closed.resolvedBy().orElse("someone") + ".");
    }
    incidents.add(incident.id(), now, Kind.RESOLVED, actor.name(), "", "resolved after "
        + Ago.of(Duration.between(incident.startedAt(), now)));
    Incident closed = reread(incident);
    IncidentReport report = reports.write(closed, config.target(closed.target()));
    incidents.report(closed.id(), report.location());
    closed = reread(closed);
    audit.append(actor.name(), "incident resolve", closed.target(), closed.ref() + ": report "
        + report.location(), "resolved");
    drawn.remove(closed.id());
    LifeboatEvent.IncidentResolved resolved = new LifeboatEvent.IncidentResolved(closed,
        assess(closed), report);
    events.publish(resolved);
    return resolved;
  }

  /**
   * The line an approval card shows when the request belongs to an incident: asked for in its
   * channel.
   */
  public Optional<String> context(Origin origin) {
    return incidents.openAt(origin).map(i -> "Incident " + i.ref() + " (" + i.severity().label()
        + "): " + i.title() + " · phase " + i.phase().label() + " · commander "
        + i.commander());
  }

  /**
   * One round of the clock: a commander who posted no update for the severity's interval is
   * reminded (once per interval, across instances), and quiet cards are redrawn.
   */
  public void tick() {
    Instant now = clock.instant();
    for (Incident i : incidents.open()) {
      Optional<Duration> every = settings.reminder(i.severity());
      if (every.isPresent()) {
        Instant quietSince = latest(i.startedAt(), i.lastUpdateAt(), i.remindedAt());
        Duration quiet = Duration.between(i.lastUpdateAt().orElse(i.startedAt()), now);
        if (Duration.between(quietSince, now).compareTo(every.get()) >= 0
            && incidents.remind(i.id(), i.remindedAt(), now)) {
          incidents.add(i.id(), now, Kind.REMINDER, "lifeboat", "", "no update for "
              + Ago.of(quiet) + "; reminded " + i.commander());
          Incident reminded = reread(i);
          events.publish(new LifeboatEvent.IncidentReminder(reminded, assess(reminded), quiet));
          continue;
        }
      }
      Instant last = drawn.get(i.id());
      if (last == null || Duration.between(last, now).compareTo(REFRESH) >= 0) {
        drawn.put(i.id(), now);
        seen.put(i.target(), assessor.probe(i.target()));
        events.publish(new LifeboatEvent.IncidentAssessed(i, assess(i)));
      }
    }
  }

  public List<Incident> open() {
    return incidents.open();
  }

  public Optional<Incident> find(long id) {
    return incidents.find(id);
  }

  public List<TimelineEntry> entries(long id) {
    return incidents.entries(id);
  }

  // ---- the timeline, from the engine's events ----

  @Override
  public void publish(LifeboatEvent event) {
    try {
      record(event);
    } catch (RuntimeException e) {
      // The run goes on; only its line in the incident's timeline is missing.
      LOG.warn("Could not add {} to an incident's timeline: {}",
          event.getClass().getSimpleName(), e.getMessage());
    }
  }

  private void record(LifeboatEvent event) {
    Instant now = clock.instant();
    switch (event) {
      case LifeboatEvent.RunStarted e -> incidents.openAt(e.run().origin()).ifPresent(i -> {
        if (incidents.link(LinkKind.RUN, e.run().id(), i.id())) {
          linkedHere.add(e.run().id());
          incidents.add(i.id(), now, Kind.RUN, e.run().requestedBy(), e.run().ref(),
              e.run().runbook() + " of " + e.run().target() + " started"
                  + (e.run().params().containsKey("backup") ? " (" + e.run().params()
                      .get("backup") + ")" : ""));
          redraw(i);
        }
      });
      case LifeboatEvent.StepFinished e -> linkedHere(e.run().id()).ifPresent(i ->
          incidents.add(i.id(), now, Kind.STEP, "lifeboat", e.run().ref(), e.step() + " "
              + e.status().name().toLowerCase(Locale.ROOT)));
      case LifeboatEvent.RunFinished e -> {
        Optional<Incident> linked = linkedHere(e.run().id());
        linkedHere.remove(e.run().id());
        linked.ifPresent(i -> {
          incidents.add(i.id(), now, Kind.RUN_RESULT, "lifeboat", e.run().ref(), e.run()
              .runbook() + " " + e.state().label() + " after " + Ago.of(e.took())
              + e.error().map(m -> ": " + dev.lifeboat.present.Words.firstLine(m, 200))
                  .orElse(""));
          redraw(i);
        });
      }
      case LifeboatEvent.RunInterrupted e -> linkedRun(e.run().id()).ifPresent(i -> {
        incidents.add(i.id(), now, Kind.RUN_RESULT, "lifeboat", e.run().ref(),
            e.run().runbook() + " interrupted at " + e.lastStep());
        redraw(i);
      });
      case LifeboatEvent.QuestionAnswered e -> linkedHere(e.run().id()).ifPresent(i ->
          incidents.add(i.id(), now, Kind.QUESTION, e.by(), e.run().ref(), (e.proceed()
              ? "confirmed " : "aborted at ") + e.step() + e.reason().map(r -> ": " + r)
                  .orElse("")));
      case LifeboatEvent.ApprovalRequested e -> incidents.openAt(e.request().origin())
          .ifPresent(i -> {
            if (incidents.link(LinkKind.APPROVAL, e.request().id(), i.id())) {
              incidents.add(i.id(), now, Kind.APPROVAL, e.request().requestedBy(),
                  e.request().ref(), e.request().runbook() + " of " + e.request().target()
                      + " asked for");
              redraw(i);
            }
          });
      case LifeboatEvent.ApprovalEvent e -> linkedApproval(e.request().id()).ifPresent(i -> {
        approvalLine(e).ifPresent(line -> incidents.add(i.id(), now, Kind.APPROVAL,
            line.actor(), e.request().ref(), line.text()));
        redraw(i);
      });
      case LifeboatEvent.AlertEvent e -> {
        for (Incident i : incidents.open()) {
          if (i.target().equals(e.alert().target())) {
            incidents.add(i.id(), now, Kind.ALERT, "monitor", e.alert().ref(), alertLine(e));
          }
        }
      }
      case LifeboatEvent.IncidentEvent e -> { }
      case LifeboatEvent.StepStarted e -> { }
      case LifeboatEvent.StepProgress e -> { }
      case LifeboatEvent.StepLog e -> { }
      case LifeboatEvent.QuestionAsked e -> { }
    }
  }

  private record Said(String actor, String text) {}

  private static Optional<Said> approvalLine(LifeboatEvent.ApprovalEvent event) {
    return switch (event) {
      case LifeboatEvent.ApprovalRequested e -> Optional.empty();
      case LifeboatEvent.ApprovalGranted e -> Optional.of(new Said(e.by(), "approved by " + e.by()
          + " (" + e.count() + "/" + e.required() + ")" + e.run().map(r -> ": it runs as "
              + r.ref()).orElse("")));
      case LifeboatEvent.ApprovalDenied e -> Optional.of(new Said(e.by(), "denied by " + e.by()
          + (e.reason().isBlank() ? "" : ": " + e.reason())));
      case LifeboatEvent.ApprovalExpired e -> Optional.of(new Said("lifeboat", "expired "
          + "without enough approvals"));
      case LifeboatEvent.ApprovalCancelled e -> Optional.of(new Said(e.by(), "withdrawn by "
          + e.by()));
      case LifeboatEvent.ApprovalStale e -> Optional.of(new Said("lifeboat", "void: "
          + e.change()));
      case LifeboatEvent.BreakGlassUsed e -> Optional.of(new Said(e.by(), "BREAK-GLASS by "
          + e.by() + " as " + e.run().ref() + ": " + e.reason()));
    };
  }

  private static String alertLine(LifeboatEvent.AlertEvent event) {
    Alert a = event.alert();
    return switch (event) {
      case LifeboatEvent.AlertRaised e -> "raised: " + a.summary();
      case LifeboatEvent.AlertEscalated e -> "escalated to level " + e.level() + " of " + e.of()
          + (e.mentions().isEmpty() ? "" : " (" + String.join(", ", e.mentions()) + ")");
      case LifeboatEvent.AlertAcknowledged e -> "taken by " + e.by();
      case LifeboatEvent.AlertResolved e -> "resolved: " + a.target() + " is healthy again";
    };
  }

  private Optional<Incident> linkedRun(long run) {
    return incidents.linked(LinkKind.RUN, run);
  }

  /** {@link #linkedRun} for a run of this process: no query for one that belongs to none. */
  private Optional<Incident> linkedHere(long run) {
    return linkedHere.contains(run) ? linkedRun(run) : Optional.empty();
  }

  private Optional<Incident> linkedApproval(long request) {
    return incidents.linked(LinkKind.APPROVAL, request);
  }

  /** The card follows runs and requests; reread, since the event may be older than the row. */
  private void redraw(Incident incident) {
    Incident now = reread(incident);
    if (now.open()) {
      drawn.put(now.id(), clock.instant());
      events.publish(new LifeboatEvent.IncidentAssessed(now, assess(now)));
    }
  }

  // ---- helpers ----

  private Assessment assess(Incident incident) {
    return assessor.assess(incident.target(), Optional.ofNullable(seen.get(incident.target())));
  }

  private Incident reread(Incident incident) {
    return incidents.find(incident.id()).orElse(incident);
  }

  /** An open incident: the one named, else the one of this channel, else the only one. */
  private Incident openOne(Person actor, Optional<Long> ref, Origin origin) {
    Incident incident = any(actor, ref, origin);
    if (!incident.open()) {
      throw new InvalidInputException(incident.ref() + " is resolved" + incident.report()
          .map(r -> "; its report is " + r).orElse("") + ". /incident start opens a new one.");
    }
    return incident;
  }

  private Incident any(Person actor, Optional<Long> ref, Origin origin) {
    if (ref.isPresent()) {
      return incidents.find(ref.get()).orElseThrow(() -> new NotFoundException("No incident i"
          + ref.get() + ". " + openList()));
    }
    Optional<Incident> here = incidents.openAt(origin);
    if (here.isPresent()) {
      return here.get();
    }
    List<Incident> visible = incidents.open().stream()
        .filter(i -> access.allows(actor, Action.VIEW, i.target())).toList();
    if (visible.size() == 1) {
      return visible.get(0);
    }
    if (visible.isEmpty()) {
      throw new InvalidInputException("No incident is open. /incident start TITLE [target] "
          + "opens one.");
    }
    throw new InvalidInputException("Which incident? " + openList() + " Name one, for example "
        + "/incident " + visible.get(0).ref() + " timeline.");
  }

  private String openList() {
    List<Incident> open = incidents.open();
    return open.isEmpty() ? "No incident is open." : "Open: " + String.join(", ", open.stream()
        .map(i -> i.ref() + " (" + i.title() + ")").toList()) + ".";
  }

  /** The commander leads; so may anyone who may restore or approve on the target. */
  private void requireLead(Person actor, Incident incident, String what) {
    if (actor.name().equals(incident.commander())
        || access.allows(actor, Action.RESTORE, incident.target())
        || access.allows(actor, Action.APPROVE, incident.target())) {
      return;
    }
    throw new NotAuthorizedException("only the commander (" + incident.commander() + ") or "
        + "someone who may restore or approve on " + incident.target() + " may " + what + " "
        + incident.ref() + ".");
  }

  /** A person as typed: a chat mention ({@code <@U123>}), {@code @name} or a config name. */
  private Person person(String word, String platform) {
    Matcher m = CHAT_MENTION.matcher(word);
    if (m.matches()) {
      return access.byChatId(platform, m.group(1)).orElseThrow(() -> new NotFoundException(
          "Lifeboat does not know " + Names.shown(m.group(1)) + ". Add " + platform + ": "
              + Names.shown(m.group(1)) + " to their entry under people: in lifeboat.yaml."));
    }
    return access.person(word.startsWith("@") ? word.substring(1) : word);
  }

  /**
   * The people of the target's escalation policy: every level for a sev1 (all hands), the
   * first level otherwise.
   */
  private List<String> mentions(String target, Severity severity) {
    Optional<EscalationPolicy> policy = config.upkeep(target).monitors().escalation()
        .map(p -> config.escalation().get(p));
    if (policy.isEmpty() || policy.get().levels().isEmpty()) {
      return List.of();
    }
    List<EscalationPolicy.Level> levels = severity == Severity.SEV1 ? policy.get().levels()
        : policy.get().levels().subList(0, 1);
    Set<String> names = new LinkedHashSet<>();
    for (String who : levels.stream().flatMap(l -> l.who().stream()).toList()) {
      if (config.people().containsKey(who)) {
        names.add(who);
      } else {
        access.people().stream().filter(p -> p.groups().contains(who)).map(Person::name)
            .sorted().forEach(names::add);
      }
    }
    return List.copyOf(names);
  }

  private static Instant latest(Instant first, Optional<Instant> a, Optional<Instant> b) {
    Instant latest = first;
    for (Optional<Instant> t : List.of(a, b)) {
      if (t.isPresent() && t.get().isAfter(latest)) {
        latest = t.get();
      }
    }
    return latest;
  }

  /** "inc-20261201-1402-checkout-is-down": what Slack accepts, at most 80 characters. */
  static String channelName(String title, Instant at) {
    String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("(^-+|-+$)", "");
    String name = "inc-" + CHANNEL_TIME.format(at) + (slug.isEmpty() ? "" : "-" + slug);
    return name.length() <= 80 ? name : name.substring(0, 80).replaceAll("-+$", "");
  }
}
