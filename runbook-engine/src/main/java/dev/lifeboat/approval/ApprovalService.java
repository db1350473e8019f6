package dev.lifeboat.approval;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.LossLines;
import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.TargetBusyException;
import dev.lifeboat.runbook.ApprovalRule;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Plans;
import dev.lifeboat.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The two-person rule. A destructive plan becomes a request; it runs only when enough distinct
 * people from the allowed groups, never the requester, have approved the current version of
 * the plan before the request expires. Every decision, refusal included, is audited.
 */
public final class ApprovalService {
  private final ApprovalRepository repository;
  private final Plans plans;
  private final RunEngine engine;
  private final LifeboatConfig config;
  private final AccessPolicy access;
  private final AuditLog audit;
  private final EventSink events;
  private final Clock clock;

  public ApprovalService(ApprovalRepository repository, Plans plans, RunEngine engine,
      LifeboatConfig config, AuditLog audit, EventSink events, Clock clock) {
    this.repository = repository;
    this.plans = plans;
    this.engine = engine;
    this.config = config;
    this.access = config.access();
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** The result of an approval: how many count now, and the run if it was the last one. */
  public record Decision(ApprovalRequest request, int count, int required,
      Optional<RunInfo> run) {}

  public ApprovalRequest request(Plan plan, Origin origin, String statement) {
    return request(plan, origin, statement, Optional.empty());
  }

  /**
   * A request whose card shows {@code preview}: what the restore would lose. Its hash is kept
   * with the request and with every approval, beside the plan's.
   */
  public ApprovalRequest request(Plan plan, Origin origin, String statement,
      Optional<LossPreview> preview) {
    ApprovalRule rule = rule(plan);
    Instant now = now();
    ApprovalRequest request = repository.create(plan.runbook().name(), plan.target().name(),
        plan.params(), plan.hash(), plan.requestedBy(), origin, statement, rule.required(), now,
        now.plus(rule.expires()));
    repository.remember(request.id(), plan.version());
    if (preview.isPresent()) {
      repository.rememberPreview(request.id(), preview.get());
      request = repository.find(request.id()).orElseThrow();
    }
    audit.append(plan.requestedBy(), "request " + plan.runbook().name(), plan.target().name(),
        request.ref() + ": " + statement + preview.map(p -> "\nLoss preview " + p.hash() + ": "
            + Line.plain(LossLines.summary(p))).orElse(""), "pending");
    events.publish(new LifeboatEvent.ApprovalRequested(request, approvers(request)));
    return request;
  }

  /**
   * Who may approve {@code request}: allowed to approve on the target, in a listed group. Empty
   * when the runbook or its approval rule is gone, so a closing event can still be told.
   */
  public List<String> approvers(ApprovalRequest request) {
    try {
      return access.people().stream().filter(p -> mayApprove(p, request))
          .map(Person::name).sorted().toList();
    } catch (LifeboatException e) {
      return List.of(); // the runbook or its rule is gone: nobody may approve it any more
    }
  }

  /**
   * The groups whose members may approve {@code request}: those its rule names that may
   * approve on the target. A chat mentions their roles, for members the config does not list.
   */
  public List<String> approverGroups(ApprovalRequest request) {
    try {
      return rule(request).from().stream().filter(g -> access.groupMay(g, Action.APPROVE,
          request.target())).sorted().toList();
    } catch (LifeboatException e) {
      return List.of();
    }
  }

  public Decision approve(long id, Person person, String via) {
    ApprovalRequest request = pending(id, person, "approve");
    if (person.name().equals(request.requestedBy())) {
      refuse(person, "approve", request, "you asked for " + request.ref() + ", so your own "
          + "approval does not count: the two-person rule needs someone else ("
          + String.join(" or ", rule(request).from()) + ").");
    }
    if (!mayApprove(person, request)) {
      refuse(person, "approve", request, "only " + String.join(" or ", rule(request).from())
          + " may approve " + request.runbook() + " on " + request.target() + ", and "
          + person.name() + " is not one of them. Nothing changed.");
    }
    // Approvals name the plan they saw: the request's. If the runbook or the target changed
    // since, the plan that would run is not the one anybody was shown, so nothing runs.
    Plan plan = currentPlan(request);
    if (!plan.hash().equals(request.planHash())) {
      throw stale(request, plan, person);
    }
    String hash = request.planHash();
    // The preview this person was shown is the request's: its hash goes with the approval.
    boolean added = repository.approve(id, new Approval(person.name(), hash, now(), via,
        request.previewHash().orElse(null)));
    ApprovalRequest updated = repository.find(id).orElseThrow();
    int count = updated.approvers(hash).size();
    if (!added) {
      throw new LifeboatException("You already approved " + request.ref() + "; it counts once. "
          + "It needs " + (request.required() - count) + " more from someone else.");
    }
    audit.append(person.name(), "approve", request.target(), request.ref() + " via " + via
        + " (" + count + "/" + request.required() + ") of plan " + hash
        + request.previewHash().map(p -> " with loss preview " + p).orElse(""), "counted");
    Optional<RunInfo> run = Optional.empty();
    if (count >= request.required()) {
      RunInfo started;
      try {
        started = engine.start(plan, request.origin());
      } catch (TargetBusyException e) {
        // Another run holds the target (perhaps another approved restore, in another process):
        // this approval starts nothing, so it does not stay counted and can be given again.
        repository.withdraw(id, person.name(), hash);
        audit.append(person.name(), "approve", request.target(), request.ref() + ": "
            + e.getMessage(), "refused");
        throw new TargetBusyException(e.getMessage() + " Nothing of " + request.ref()
            + " ran and your approval was not counted: approve it again once that run has "
            + "finished, or /deny it if it is no longer wanted.");
      }
      repository.close(id, ApprovalState.APPROVED, person.name(), null, started.id());
      audit.append("lifeboat", "run " + request.runbook(), request.target(), request.ref()
          + " approved by " + String.join(", ", updated.approvers(hash)) + "; run "
          + started.ref(), "started");
      run = Optional.of(started);
      updated = repository.find(id).orElseThrow();
    }
    events.publish(new LifeboatEvent.ApprovalGranted(updated, person.name(), count,
        request.required(), run, approvers(updated)));
    return new Decision(updated, count, request.required(), run);
  }

  public ApprovalRequest deny(long id, Person person, String reason, String via) {
    ApprovalRequest request = pending(id, person, "deny");
    boolean requester = person.name().equals(request.requestedBy());
    if (!requester && !mayApprove(person, request)) {
      refuse(person, "deny", request, "only the requester (" + request.requestedBy() + ") or "
          + String.join(" or ", rule(request).from()) + " may deny " + request.ref()
          + ". Nothing changed.");
    }
    String why = reason.isBlank() ? "no reason given" : reason;
    repository.close(id, ApprovalState.DENIED, person.name(), why, null);
    audit.append(person.name(), "deny", request.target(), request.ref() + " via " + via + ": "
        + why, "denied");
    ApprovalRequest closed = repository.find(id).orElseThrow();
    events.publish(new LifeboatEvent.ApprovalDenied(closed, person.name(), why,
        approvers(closed)));
    return closed;
  }

  /** The requester withdraws a request. */
  public ApprovalRequest cancel(long id, Person person) {
    ApprovalRequest request = pending(id, person, "cancel");
    if (!person.name().equals(request.requestedBy())
        && !access.allows(person, Action.CANCEL, request.target())) {
      refuse(person, "cancel", request, "only " + request.requestedBy() + " (who asked) or "
          + access.groupsAllowing(Action.CANCEL, request.target()) + " may withdraw "
          + request.ref() + "; approvers can /deny it.");
    }
    repository.close(id, ApprovalState.CANCELLED, person.name(), "withdrawn", null);
    audit.append(person.name(), "cancel request", request.target(), request.ref(), "cancelled");
    ApprovalRequest closed = repository.find(id).orElseThrow();
    events.publish(new LifeboatEvent.ApprovalCancelled(closed, person.name(),
        approvers(closed)));
    return closed;
  }

  /**
   * Runs a pending request on one person's word, for emergencies, when the config allows it.
   * The reason is mandatory; the run is announced loudly and audited.
   */
  public RunInfo breakGlass(long id, Person person, String reason) {
    ApprovalRequest request = pending(id, person, "break glass");
    if (!config.breakGlass()) {
      refuse(person, "break glass", request, "Break-glass is turned off in lifeboat.yaml "
          + "(approvals.break_glass). " + request.ref() + " still needs "
          + request.required() + (request.required() == 1 ? " approval." : " approvals."));
    }
    if (!person.name().equals(request.requestedBy())
        && !access.allows(person, Action.RESTORE, request.target())) {
      refuse(person, "break glass", request, "break-glass is for people allowed to "
          + request.runbook() + " " + request.target() + ", and " + person.name()
          + " is not one of them.");
    }
    if (reason.strip().length() < 10) {
      throw new dev.lifeboat.InvalidInputException("Break-glass needs a reason people can "
          + "read later (at least 10 characters), e.g. /breakglass " + request.ref()
          + " primary is corrupt and tech owners are unreachable.");
    }
    Plan plan = currentPlan(request);
    if (!plan.hash().equals(request.planHash())) {
      throw stale(request, plan, person);
    }
    RunInfo run = engine.start(plan, request.origin());
    repository.close(id, ApprovalState.BROKEN_GLASS, person.name(), reason.strip(), run.id());
    audit.append(person.name(), "BREAK GLASS " + request.runbook(), request.target(),
        request.ref() + " run " + run.ref() + " without approval: " + reason.strip(),
        "started");
    ApprovalRequest broken = repository.find(id).orElseThrow();
    events.publish(new LifeboatEvent.BreakGlassUsed(broken, person.name(), reason.strip(), run,
        approvers(broken)));
    return run;
  }

  public ApprovalRequest find(long id) {
    return repository.find(id).orElseThrow(() -> new NotFoundException("No approval request a"
        + id + ". /approvals lists the pending ones."));
  }

  /** Pending requests, oldest first; expired ones are closed on the way. */
  public List<ApprovalRequest> pending() {
    expireDue();
    return repository.withState(ApprovalState.PENDING);
  }

  /** The one pending request {@code person} could approve, for /approve without an id. */
  public ApprovalRequest onlyOneFor(Person person) {
    List<ApprovalRequest> mine = pending().stream()
        .filter(r -> !r.requestedBy().equals(person.name()) && mayApprove(person, r)).toList();
    if (mine.size() == 1) {
      return mine.get(0);
    }
    if (mine.isEmpty()) {
      List<ApprovalRequest> all = pending();
      boolean ownOnly = !all.isEmpty() && all.stream()
          .allMatch(r -> r.requestedBy().equals(person.name()));
      if (ownOnly && all.size() == 1) {
        return all.get(0);
      }
      List<ApprovalRequest> others = all.stream()
          .filter(r -> !r.requestedBy().equals(person.name())).toList();
      if (!others.isEmpty()) {
        ApprovalRequest r = others.get(0);
        throw new NotAuthorizedException(r.ref() + " waits for approval, but only "
            + String.join(" or ", rule(r).from()) + " may approve " + r.runbook() + " on "
            + r.target() + ", and " + person.name() + " is not one of them.");
      }
      throw new NotFoundException("Nothing is waiting for your approval, " + person.name()
          + ". /approvals lists the pending requests.");
    }
    throw new dev.lifeboat.InvalidInputException("Several requests wait for you: "
        + mine.stream().map(ApprovalRequest::ref).collect(Collectors.joining(", "))
        + ". Say which, e.g. /approve " + mine.get(0).ref() + ".");
  }

  /** Closes requests whose time is up and announces each; returns them. */
  public List<ApprovalRequest> expireDue() {
    List<ApprovalRequest> expired = new ArrayList<>();
    Instant now = now();
    for (ApprovalRequest r : repository.withState(ApprovalState.PENDING)) {
      if (!now.isBefore(r.expiresAt())
          && repository.close(r.id(), ApprovalState.EXPIRED, "lifeboat", "expired", null)) {
        audit.append("lifeboat", "expire", r.target(), r.ref() + " after "
            + Ago.of(Duration.between(r.createdAt(), r.expiresAt())), "expired");
        ApprovalRequest closed = repository.find(r.id()).orElseThrow();
        expired.add(closed);
        events.publish(new LifeboatEvent.ApprovalExpired(closed, approvers(closed)));
      }
    }
    return expired;
  }

  private ApprovalRequest pending(long id, Person person, String what) {
    ApprovalRequest request = find(id);
    if (request.state() == ApprovalState.PENDING && !now().isBefore(request.expiresAt())) {
      expireDue();
      request = find(id);
    }
    if (request.state() != ApprovalState.PENDING) {
      String detail = switch (request.state()) {
        case EXPIRED -> "expired at " + request.expiresAt() + "; ask again";
        case APPROVED -> "already approved" + request.runId().map(r -> " (run r" + r + ")")
            .orElse("");
        case DENIED -> "denied by " + request.decidedBy().orElse("someone");
        case CANCELLED -> "withdrawn by " + request.decidedBy().orElse("someone");
        case STALE -> "void: " + request.reason().orElse("its plan changed") + "; ask again";
        default -> request.state().label();
      };
      audit.append(person.name(), what, request.target(), request.ref() + " is " + detail,
          "refused");
      throw new LifeboatException(request.ref() + " is closed: " + detail + ".");
    }
    return request;
  }

  /**
   * Voids a request whose plan is no longer the one it was asked for, announces and audits it
   * (once, whoever notices first), and says what changed and how to ask again.
   */
  private LifeboatException stale(ApprovalRequest request, Plan current, Person person) {
    String change = repository.version(request.id())
        .map(v -> v.changesTo(current.version(), request.runbook(), request.target()))
        .orElse("the runbook or the target changed");
    String askAgain = askAgain(request);
    if (repository.close(request.id(), ApprovalState.STALE, "lifeboat", change, null)) {
      audit.append("lifeboat", "void", request.target(), request.ref() + ": " + change
          + " since " + request.requestedBy() + " asked; " + person.name() + "'s approval was "
          + "not counted", "stale");
      ApprovalRequest voided = find(request.id());
      events.publish(new LifeboatEvent.ApprovalStale(voided, change, askAgain,
          approvers(voided)));
    }
    return new LifeboatException(request.ref() + " is void: " + change + " since "
        + request.requestedBy() + " asked for it, so the plan it describes is not the one that "
        + "would run. Nothing ran and no approval counted. To go ahead, " + request.requestedBy()
        + " asks again (" + askAgain + ") and the new request is approved.");
  }

  /** The command that asks for the same thing again, e.g. /restore shop-2024... shop in-place. */
  private static String askAgain(ApprovalRequest request) {
    StringBuilder command = new StringBuilder("/" + request.runbook());
    Optional.ofNullable(request.params().get("backup")).ifPresent(b -> command.append(' ')
        .append(b));
    command.append(' ').append(request.target());
    Optional.ofNullable(request.params().get("mode")).filter(m -> !m.equals("side-by-side"))
        .ifPresent(m -> command.append(' ').append(m));
    return command.toString();
  }

  private void refuse(Person person, String what, ApprovalRequest request, String message) {
    audit.append(person.name(), what, request.target(), request.ref() + ": " + message,
        "refused");
    throw new NotAuthorizedException(message);
  }

  private boolean mayApprove(Person person, ApprovalRequest request) {
    ApprovalRule rule = rule(request);
    return access.allows(person, Action.APPROVE, request.target())
        && person.groups().stream().anyMatch(rule.from()::contains);
  }

  private Plan currentPlan(ApprovalRequest request) {
    Target target = config.target(request.target());
    return plans.build(request.runbook(), target, request.params(), request.requestedBy());
  }

  private ApprovalRule rule(ApprovalRequest request) {
    return plans.runbook(request.runbook()).approval().orElseThrow(() -> new LifeboatException(
        "The " + request.runbook() + " runbook has no approval rule any more."));
  }

  private static ApprovalRule rule(Plan plan) {
    return plan.runbook().approval().orElseThrow(() -> new LifeboatException("The "
        + plan.runbook().name() + " runbook is destructive but has no approval rule."));
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }
}
