package dev.lifeboat.present;

import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An approval request as approvers see it: what will happen and the evidence for it, who asked,
 * who may approve (carried by every approval event), who did, and how it ended.
 *
 * @param outcome what the event that made this view did, empty for a new request
 */
public record ApprovalView(ApprovalRequest request, List<String> approvers,
    Optional<Line> outcome) {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  public ApprovalView {
    approvers = List.copyOf(approvers);
  }

  public static ApprovalView of(LifeboatEvent.ApprovalEvent event) {
    return new ApprovalView(event.request(), event.approvers(), outcome(event));
  }

  public boolean open() {
    return request.state() == ApprovalState.PENDING;
  }

  /** "a7 · restore of shop · asked by alice", with the request's state as an icon. */
  public Line title() {
    ApprovalRequest r = request;
    return Line.of(tone(r.state())).bold(r.ref() + " · " + r.runbook() + " of " + r.target())
        .text(" · asked by ").mention(r.requestedBy()).build();
  }

  /**
   * The plan in plain words, then the evidence: one line each; then, in bold, what the plan does
   * that an approver must not read past (letting unfinished migrations through).
   */
  public List<Line> statement() {
    List<Line> lines = new ArrayList<>(request.statement().lines().filter(l -> !l.isBlank())
        .map(Line::text).toList());
    request.cautions().forEach(c -> lines.add(Line.of(Tone.WARNING).bold(c).build()));
    return lines;
  }

  /**
   * What the restore would lose, in two lines for a phone: the data-loss window, then the row
   * delta in total and of the three tables that change most. Empty for other plans.
   */
  public List<Line> loss() {
    return request.preview().map(LossLines::summary).orElse(List.of());
  }

  /** The full per-table preview, for the card's thread (the console prints it as details). */
  public List<Line> lossDetails() {
    return request.preview().map(LossLines::table).orElse(List.of());
  }

  /** The card's third preview line where the platform puts the full table in the thread. */
  public Optional<Line> lossInThread() {
    return lossDetails().isEmpty() ? Optional.empty()
        : Optional.of(Line.text("Every table's change is in the thread."));
  }

  /** Who approved, and while it is open who may and until when. */
  public List<Line> status() {
    List<Line> lines = new ArrayList<>();
    List<String> given = request.approvals().stream().map(Approval::person)
        .filter(p -> !p.equals(request.requestedBy())).distinct().toList();
    if (!given.isEmpty()) {
      lines.add(Line.builder().text("Approved by ").mentions(given, "").build());
    }
    if (open()) {
      lines.add(Line.builder().text("Needs " + Words.count(request.required(), "approval") + " from ")
          .mentions(approvers, "nobody (no approver is configured!)")
          .text(" · expires " + TIME.format(request.expiresAt()) + " (after "
              + Ago.of(Duration.between(request.createdAt(), request.expiresAt())) + ")")
          .build());
    }
    return lines;
  }

  /** "/approve a7 · /deny a7 [reason] · state: pending". */
  public Line commands() {
    return Line.text("/approve " + request.ref() + " · /deny " + request.ref()
        + " [reason] · state: " + request.state().label());
  }

  /** Title, plan, evidence, loss preview, status and outcome: the whole card. */
  public List<Line> lines() {
    List<Line> lines = new ArrayList<>();
    lines.add(title());
    lines.addAll(statement());
    lines.addAll(loss());
    lines.addAll(status());
    outcome.ifPresent(lines::add);
    return lines;
  }

  /** The notification text of the card. */
  public String notification() {
    ApprovalRequest r = request;
    return r.ref() + ": " + r.requestedBy() + " asks to " + r.runbook() + " " + r.target()
        + (open() ? " (needs approval)" : " (" + r.state().label() + ")");
  }

  /**
   * The loud notice of a break-glass run: one person ran a destructive plan alone; the approvers
   * must know.
   */
  public static List<Line> breakGlass(LifeboatEvent.BreakGlassUsed e) {
    ApprovalRequest r = e.request();
    return List.of(
        Line.of(Tone.ALARM).bold("BREAK-GLASS").text(": ").mention(e.by()).text(" runs "
            + r.runbook() + " of " + r.target() + " as " + e.run().ref() + " ")
            .bold("without approval").text(". Reason: " + e.reason()).build(),
        Line.builder().text("cc ").mentions(e.approvers(), "nobody").build());
  }

  private static Optional<Line> outcome(LifeboatEvent.ApprovalEvent event) {
    ApprovalRequest r = event.request();
    return switch (event) {
      case LifeboatEvent.ApprovalRequested e -> Optional.empty();
      case LifeboatEvent.ApprovalGranted e -> {
        String via = r.approvals().stream().filter(a -> a.person().equals(e.by()))
            .map(Approval::via).filter(Objects::nonNull).reduce((a, b) -> b).orElse("command");
        yield Optional.of(Line.of(Tone.APPROVED).mention(e.by()).text(" approved by " + via
            + " (" + e.count() + "/" + e.required() + ")" + e.run().map(run -> " · starting "
                + run.ref()).orElse(" · waiting for " + (e.required() - e.count()) + " more"))
            .build());
      }
      case LifeboatEvent.ApprovalDenied e -> Optional.of(Line.of(Tone.DENIED)
          .text("Denied by ").mention(e.by()).text(": " + e.reason() + ". Nothing ran.").build());
      case LifeboatEvent.ApprovalExpired e -> Optional.of(Line.of(Tone.EXPIRED)
          .text("Expired at " + TIME.format(r.expiresAt())
              + " without enough approvals; nothing ran.").build());
      case LifeboatEvent.ApprovalCancelled e -> Optional.of(Line.of(Tone.WITHDRAWN)
          .text("Withdrawn by ").mention(e.by()).text("; nothing ran.").build());
      case LifeboatEvent.ApprovalStale e -> Optional.of(Line.of(Tone.WARNING).bold("Void:")
          .text(" " + e.change() + " since ").mention(r.requestedBy()).text(" asked, so this is "
              + "not the plan that would run. Nothing ran. Ask again: ").code(e.askAgain())
          .build());
      case LifeboatEvent.BreakGlassUsed e -> Optional.of(Line.of(Tone.ALARM).text("Run ")
          .bold("without approval").text(" by ").mention(e.by()).text(" (break-glass) as "
              + e.run().ref() + ". Reason: " + e.reason()).build());
    };
  }

  /** A request's state as an icon. */
  public static Tone tone(ApprovalState state) {
    return switch (state) {
      case PENDING -> Tone.LOCKED;
      case APPROVED -> Tone.OK;
      case DENIED -> Tone.DENIED;
      case EXPIRED -> Tone.EXPIRED;
      case CANCELLED -> Tone.WITHDRAWN;
      case BROKEN_GLASS -> Tone.ALARM;
      case STALE -> Tone.WARNING;
    };
  }
}
