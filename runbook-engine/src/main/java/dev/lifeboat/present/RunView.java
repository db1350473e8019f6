package dev.lifeboat.present;

import dev.lifeboat.approval.Approval;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.RunInterrupted;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run as people see it, folded from its events: the steps with their state and timings, who
 * asked, who approved, and at the end the result. Immutable: {@link #apply} returns the next
 * view, so a renderer can hold one without locks. Every platform renders these lines; none
 * words a run itself.
 *
 * @param approvedBy who approved the request the run came from ("break-glass" shows as such)
 */
public record RunView(RunInfo run, List<StepView> steps, List<String> approvedBy,
    Optional<String> breakGlassBy, Optional<RunFinished> finished,
    Optional<LifeboatEvent.QuestionAsked> question) {

  private static final int DETAIL = 200;
  private static final java.time.format.DateTimeFormatter TIME = java.time.format
      .DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);
  private static final int ERROR = 300;

  public RunView {
    steps = List.copyOf(steps);
    approvedBy = List.copyOf(approvedBy);
  }

  public static RunView of(RunInfo run) {
    return new RunView(run, List.of(), List.of(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The view after {@code event}; events of other runs change nothing. */
  public RunView apply(LifeboatEvent event) {
    return switch (event) {
      case LifeboatEvent.RunStarted e -> {
        List<StepView> next = new ArrayList<>(steps);
        for (String step : e.steps()) {
          if (find(step).isEmpty()) {
            next.add(StepView.waiting(step));
          }
        }
        yield withSteps(next);
      }
      case LifeboatEvent.StepStarted e -> step(new StepView(e.step(), StepView.State.RUNNING,
          Duration.ZERO, "", Optional.empty()));
      case LifeboatEvent.StepProgress e -> {
        String amount = e.total() > 0 ? (e.done() * 100 / e.total()) + " %" : "";
        String detail = amount.isEmpty() ? e.detail()
            : e.detail().isEmpty() ? amount : amount + " · " + e.detail();
        yield step(new StepView(e.step(), StepView.State.RUNNING, Duration.ZERO,
            Words.firstLine(detail, DETAIL), Optional.empty()));
      }
      case LifeboatEvent.StepFinished e -> step(new StepView(e.step(), switch (e.status()) {
        case SUCCEEDED -> StepView.State.SUCCEEDED;
        case FAILED -> StepView.State.FAILED;
        case SKIPPED -> StepView.State.SKIPPED;
        case CANCELLED -> StepView.State.CANCELLED;
      }, e.took(), "", e.error()));
      case LifeboatEvent.RunFinished e -> new RunView(run, steps, approvedBy, breakGlassBy,
          Optional.of(e), Optional.empty());
      case LifeboatEvent.QuestionAsked e -> new RunView(run, steps, approvedBy, breakGlassBy,
          finished, Optional.of(e)).step(new StepView(e.step(), StepView.State.RUNNING,
              Duration.ZERO, "waiting for an answer", Optional.empty()));
      case LifeboatEvent.QuestionAnswered e -> new RunView(run, steps, approvedBy,
          breakGlassBy, finished, Optional.empty()).step(new StepView(e.step(),
              StepView.State.RUNNING, Duration.ZERO, (e.proceed() ? "confirmed by "
                  : "aborted by ") + e.by(), Optional.empty()));
      case LifeboatEvent.StepLog e -> this;
      case RunInterrupted e -> this;
      case LifeboatEvent.ApprovalGranted e -> e.run().filter(r -> r.id() == run.id())
          .map(r -> new RunView(run, steps, e.request().approvals().stream()
              .map(Approval::person).filter(p -> !p.equals(e.request().requestedBy()))
              .distinct().toList(), breakGlassBy, finished, question)).orElse(this);
      case LifeboatEvent.BreakGlassUsed e -> e.run().id() == run.id()
          ? new RunView(run, steps, approvedBy, Optional.of(e.by()), finished, question) : this;
      case LifeboatEvent.ApprovalRequested e -> this;
      case LifeboatEvent.ApprovalDenied e -> this;
      case LifeboatEvent.ApprovalExpired e -> this;
      case LifeboatEvent.ApprovalCancelled e -> this;
      case LifeboatEvent.ApprovalStale e -> this;
      case LifeboatEvent.AlertEvent e -> this;
      case LifeboatEvent.IncidentEvent e -> this;
    };
  }

  public boolean isFinished() {
    return finished.isPresent();
  }

  public Optional<StepView> find(String step) {
    return steps.stream().filter(s -> s.id().equals(step)).findFirst();
  }

  /** "r3 · restore of shop · asked by alice · approved by bob", with the run's state icon. */
  public Line title() {
    Line.Builder line = Line.of(tone()).bold(run.ref() + " · " + run.runbook() + " of "
        + run.target()).text(" · asked by ").mention(run.requestedBy());
    if (!approvedBy.isEmpty()) {
      line.text(" · approved by ").mentions(approvedBy, "");
    }
    breakGlassBy.ifPresent(by -> line.text(" · ").bold("break-glass").text(" by ").mention(by));
    return line.build();
  }

  /**
   * The steps, short enough for a phone: finished steps fold into one line ("13/13 steps ·
   * 2.1 s"); running, failed and cancelled steps stay visible; what waits is one line.
   */
  public List<Line> stepLines() {
    List<Line> lines = new ArrayList<>();
    List<StepView> quiet = steps.stream().filter(s -> s.state().quiet()).toList();
    if (!quiet.isEmpty()) {
      Duration took = quiet.stream().map(StepView::took).reduce(Duration.ZERO, Duration::plus);
      long skipped = quiet.stream().filter(s -> s.state() == StepView.State.SKIPPED).count();
      lines.add(Line.of(Tone.OK).text(quiet.size() + "/" + steps.size() + " steps · "
          + Ago.of(took) + (skipped == 0 ? "" : " (" + skipped + " skipped)")).build());
    }
    for (StepView s : steps) {
      if (s.state().quiet() || s.state() == StepView.State.WAITING) {
        continue;
      }
      Line.Builder line = Line.of(s.state().tone()).code(s.id());
      switch (s.state()) {
        case RUNNING -> line.text(s.detail().isEmpty() ? "" : " · " + s.detail());
        case FAILED -> line.text(" · " + Ago.of(s.took()) + " · "
            + Words.firstLine(s.error().orElse("failed"), ERROR));
        case CANCELLED -> line.text(" · cancelled after " + Ago.of(s.took()));
        case WAITING, SUCCEEDED, SKIPPED -> { }
      }
      lines.add(line.build());
    }
    List<StepView> waiting = steps.stream()
        .filter(s -> s.state() == StepView.State.WAITING).toList();
    if (!waiting.isEmpty() && finished.isEmpty()) {
      lines.add(Line.of(Tone.WAITING).text("next ").code(waiting.get(0).id())
          .text(waiting.size() > 1 ? " and " + (waiting.size() - 1) + " more" : "").build());
    }
    return lines;
  }

  /**
   * What a waiting {@code ask} step asks, with its checklist, who may answer and how; empty
   * when nothing waits for a person.
   */
  public List<Line> questionLines() {
    return question.map(RunView::question).orElse(List.of());
  }

  /** A question of an ask step, as people see it in the run's message or a transcript. */
  public static List<Line> question(LifeboatEvent.QuestionAsked q) {
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of(Tone.QUESTION).bold(q.prompt()).build());
    q.checklist().forEach(item -> lines.add(Line.text("☐ " + item)));
    lines.add(Line.builder().text("Answer with ").code("/continue " + q.run().ref())
        .text(" or ").code("/abort " + q.run().ref() + " [reason]").text(" · ")
        .mentions(q.mayAnswer(), "nobody may answer (check the step's from:)")
        .text(q.mayAnswer().size() == 1 ? " may answer" : " may each answer")
        .text(" · until " + TIME.format(q.expiresAt())).build());
    return lines;
  }

  /** What the answer to an ask step's question says. */
  public static Line answer(LifeboatEvent.QuestionAnswered a) {
    return a.proceed()
        ? Line.of(Tone.OK).mention(a.by()).text(" confirmed ").code(a.step())
            .text("; " + a.run().ref() + " goes on.").build()
        : Line.of(Tone.CANCELLED).mention(a.by()).text(" aborted " + a.run().ref() + " at ")
            .code(a.step()).text(a.reason().map(r -> ": " + r).orElse("") + ".").build();
  }

  /** How the run ended and what it produced; empty while it runs. */
  public List<Line> summaryLines() {
    if (finished.isEmpty()) {
      return List.of();
    }
    RunFinished f = finished.get();
    List<Line> lines = new ArrayList<>();
    Line.Builder head = Line.builder().bold(Words.capitalized(f.state().label()))
        .text(" after " + Ago.of(f.took()));
    if (f.state() != RunState.SUCCEEDED) {
      f.error().ifPresent(e -> head.text(": " + Words.firstLine(e, 500)));
    }
    lines.add(head.build());
    for (RunResult result : f.results()) {
      lines.addAll(ResultView.of(result).lines());
    }
    return lines;
  }

  /** What belongs in the run's thread once it finished: full checksums, notes. */
  public List<Line> detailLines() {
    List<Line> lines = new ArrayList<>();
    finished.ifPresent(f -> f.results().forEach(r -> lines.addAll(ResultView.of(r).details())));
    return lines;
  }

  /** "target shop · backup b1 · /cancel r3 stops it". */
  public Line footer() {
    List<String> shown = new ArrayList<>();
    shown.add("target " + run.target());
    run.params().forEach((k, v) -> {
      if (!k.equals("target")) {
        shown.add(k + " " + v);
      }
    });
    shown.add(finished.isEmpty() ? "/cancel " + run.ref() + " stops it"
        : "details in the thread");
    return Line.text(String.join(" · ", shown));
  }

  /** The notification text: what a phone shows, and what screen readers read. */
  public String notification() {
    String head = run.ref() + " " + run.runbook() + " of " + run.target();
    if (finished.isPresent()) {
      return head + " " + finished.get().state().label() + " after "
          + Ago.of(finished.get().took());
    }
    return steps.stream().filter(s -> s.state() == StepView.State.RUNNING)
        .map(s -> head + ": " + s.id()).findFirst().orElse(head + " started");
  }

  /** The run's state as an icon. */
  public Tone tone() {
    if (finished.isEmpty()) {
      return Tone.BUSY;
    }
    return switch (finished.get().state()) {
      case SUCCEEDED -> Tone.OK;
      case CANCELLED -> Tone.CANCELLED;
      case INTERRUPTED -> Tone.WARNING;
      case FAILED, QUEUED, RUNNING -> Tone.FAILED;
    };
  }

  /** What a run a previous process left unfinished says, with a mention of who asked. */
  public static List<Line> interrupted(RunInterrupted e) {
    RunInfo run = e.run();
    List<Line> lines = new ArrayList<>();
    lines.add(Line.of(Tone.WARNING).text(run.ref() + " " + run.runbook() + " of "
        + run.target() + " for ").mention(run.requestedBy()).text(" was ").bold("interrupted")
        .text(" during ").code(e.lastStep()).text(": Lifeboat stopped before it finished. "
            + "Nothing half-written was kept; run it again.").build());
    e.tidied().forEach(t -> lines.add(Line.text("• " + t)));
    return lines;
  }

  RunView step(StepView step) {
    List<StepView> next = new ArrayList<>(steps);
    int at = -1;
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).id().equals(step.id())) {
        at = i;
      }
    }
    if (at < 0) {
      next.add(step);
    } else {
      next.set(at, step);
    }
    return withSteps(next);
  }

  private RunView withSteps(List<StepView> next) {
    return new RunView(run, next, approvedBy, breakGlassBy, finished, question);
  }
}
