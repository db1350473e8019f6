package dev.lifeboat.present;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import java.util.ArrayList;
import java.util.List;

/**
 * Events as the lines of a transcript, for what cannot edit a message: the console, the CLI's
 * stderr, a log. The words are the same as in {@link RunView} and {@link ApprovalView}.
 */
public final class Transcript {
  private static final String INDENT = "   ";

  private Transcript() {}

  /**
   * @param inChat whether the reader can type commands (the console) or not (the CLI), so
   *     "/cancel r1 stops it" is only said where it means something
   */
  public static List<Line> of(LifeboatEvent event, boolean inChat) {
    return switch (event) {
      case LifeboatEvent.RunStarted e -> List.of(Line.text(name(e.run()) + " started for "
          + e.run().requestedBy() + " (" + String.join(" → ", e.steps()) + ")"
          + (inChat ? "; /cancel " + e.run().ref() + " stops it" : "")));
      case LifeboatEvent.StepStarted e -> List.of(Line.text(e.run().ref() + " · " + e.step()
          + " (" + e.index() + "/" + e.of() + ")…"));
      case LifeboatEvent.StepProgress e -> List.of(Line.text(e.run().ref() + " · " + e.step()
          + " " + (e.total() > 0 ? e.done() + "/" + e.total() + " · " : "") + e.detail()));
      case LifeboatEvent.StepLog e -> List.of(Line.text(e.run().ref() + " · " + e.step() + ": "
          + e.line()));
      case LifeboatEvent.StepFinished e -> List.of(switch (e.status()) {
        case SUCCEEDED -> Line.text(e.run().ref() + " · " + e.step() + " done in "
            + Ago.of(e.took()));
        case SKIPPED -> Line.of(Tone.SKIPPED).text(e.run().ref() + " · " + e.step()
            + " skipped").build();
        case CANCELLED -> Line.of(Tone.CANCELLED).text(e.run().ref() + " · " + e.step()
            + " cancelled after " + Ago.of(e.took())).build();
        case FAILED -> Line.of(Tone.FAILED).text(e.run().ref() + " · " + e.step() + " failed: "
            + e.error().orElse("no reason given")).build();
      });
      case LifeboatEvent.RunFinished e -> finished(e);
      case LifeboatEvent.RunInterrupted e -> RunView.interrupted(e);
      case LifeboatEvent.QuestionAsked e -> {
        List<Line> lines = new ArrayList<>();
        List<Line> question = RunView.question(e);
        lines.add(Line.of(Tone.QUESTION).text(e.run().ref() + " · " + e.step() + " asks: ")
            .bold(e.prompt()).build());
        question.subList(1, question.size()).forEach(l -> lines.add(indented(l)));
        yield lines;
      }
      case LifeboatEvent.QuestionAnswered e -> List.of(Line.builder().text(e.run().ref()
          + " · ").append(RunView.answer(e)).build());
      case LifeboatEvent.ApprovalRequested e -> {
        ApprovalView view = ApprovalView.of(e);
        List<Line> lines = new ArrayList<>(List.of(view.title()));
        view.statement().forEach(l -> lines.add(indented(l)));
        view.loss().forEach(l -> lines.add(indented(l)));
        List<Line> details = view.lossDetails();
        if (!details.isEmpty()) {
          // A transcript has no thread: the full table follows as details, indented further.
          lines.add(indented(Line.text("details:")));
          details.subList(1, details.size()).forEach(l -> lines.add(indented(indented(l))));
        }
        view.status().forEach(l -> lines.add(indented(l)));
        lines.add(indented(view.commands()));
        yield lines;
      }
      case LifeboatEvent.BreakGlassUsed e -> ApprovalView.breakGlass(e);
      case LifeboatEvent.ApprovalGranted e -> outcome(e);
      case LifeboatEvent.ApprovalDenied e -> outcome(e);
      case LifeboatEvent.ApprovalExpired e -> outcome(e);
      case LifeboatEvent.ApprovalCancelled e -> outcome(e);
      case LifeboatEvent.ApprovalStale e -> outcome(e);
      case LifeboatEvent.AlertEvent e -> AlertLines.of(e);
      case LifeboatEvent.IncidentEvent e -> IncidentLines.notice(e).orElse(List.of());
    };
  }

  /** How a run ended, what it produced, and the details. */
  public static List<Line> finished(LifeboatEvent.RunFinished e) {
    List<Line> lines = new ArrayList<>();
    RunView view = RunView.of(e.run()).apply(e);
    lines.add(Line.of(view.tone()).text(name(e.run()) + " " + e.state().label() + " after "
        + Ago.of(e.took())).build());
    if (e.state() != RunState.SUCCEEDED) {
      e.error().ifPresent(m -> lines.add(Line.text(INDENT + m)));
    }
    for (RunResult r : e.results()) {
      ResultView result = ResultView.of(r);
      result.lines().forEach(l -> lines.add(indented(l)));
      result.details().forEach(l -> lines.add(indented(l)));
    }
    return lines;
  }

  private static List<Line> outcome(LifeboatEvent.ApprovalEvent e) {
    return ApprovalView.of(e).outcome().map(o -> List.of(Line.builder()
        .code(e.request().ref()).text(" ").append(o).build())).orElse(List.of());
  }

  private static Line indented(Line line) {
    return Line.builder().text(INDENT).append(line).build();
  }

  private static String name(RunInfo run) {
    return run.ref() + " " + run.runbook() + " of " + run.target();
  }
}
