package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElements;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.StepStatus;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What one run's message shows: what runs, on which target, who asked, a line per step, and at
 * the end the summary. Events change it; {@link #render()} turns the current state into Block
 * Kit. Events arrive on engine threads, so every method is synchronized.
 */
final class RunProgress {
  private final RunInfo run;
  private final String requester;
  private final Map<String, Line> steps = new LinkedHashMap<>();
  private RunFinished finished;

  private record Line(Phase phase, String detail) {}

  private enum Phase {
    WAITING(":white_small_square:"), RUNNING(":arrows_counterclockwise:"),
    SUCCEEDED(":white_check_mark:"), FAILED(":x:"), SKIPPED(":heavy_minus_sign:"),
    CANCELLED(":black_square_for_stop:");

    final String emoji;

    Phase(String emoji) {
      this.emoji = emoji;
    }
  }

  RunProgress(RunInfo run, String requesterMention) {
    this.run = run;
    this.requester = requesterMention;
  }

  synchronized void started(List<String> stepIds) {
    for (String step : stepIds) {
      steps.putIfAbsent(step, new Line(Phase.WAITING, ""));
    }
  }

  synchronized void stepStarted(String step) {
    steps.put(step, new Line(Phase.RUNNING, ""));
  }

  synchronized void progress(String step, long done, long total, String detail) {
    String amount = total > 0 ? (done * 100 / total) + " %" : "";
    String text = amount.isEmpty() ? detail : detail.isEmpty() ? amount : amount + " · " + detail;
    steps.put(step, new Line(Phase.RUNNING, Mrkdwn.escape(Mrkdwn.truncate(text, 200))));
  }

  synchronized void stepFinished(String step, StepStatus status, Duration took,
      Optional<String> error) {
    Phase phase = switch (status) {
      case SUCCEEDED -> Phase.SUCCEEDED;
      case FAILED -> Phase.FAILED;
      case SKIPPED -> Phase.SKIPPED;
      case CANCELLED -> Phase.CANCELLED;
    };
    String detail = phase == Phase.SKIPPED ? "skipped" : Ago.of(took);
    if (phase == Phase.FAILED) {
      detail += " · " + Mrkdwn.escape(firstLine(error.orElse("failed"), 300));
    }
    steps.put(step, new Line(phase, detail));
  }

  synchronized void finished(RunFinished event) {
    this.finished = event;
  }

  synchronized boolean isFinished() {
    return finished != null;
  }

  synchronized LiveMessage.Content render() {
    List<LayoutBlock> blocks = new ArrayList<>();
    String title = emoji() + " *" + run.ref() + " · " + Mrkdwn.escape(run.runbook()) + " of "
        + Mrkdwn.escape(run.target()) + "* · asked by " + requester;
    blocks.add(section(s -> s.blockId("lifeboat-run-" + run.ref())
        .text(markdownText(Mrkdwn.truncate(title, Mrkdwn.SECTION)))));
    if (!steps.isEmpty()) {
      StringBuilder lines = new StringBuilder();
      steps.forEach((step, line) -> lines.append(line.phase().emoji).append(" `")
          .append(Mrkdwn.escape(step)).append('`')
          .append(line.detail().isEmpty() ? "" : " · " + line.detail()).append('\n'));
      blocks.add(section(s -> s.text(markdownText(Mrkdwn.truncate(lines.toString().strip(),
          Mrkdwn.SECTION)))));
    }
    if (finished != null) {
      blocks.add(section(s -> s.text(markdownText(Mrkdwn.truncate(summary(), Mrkdwn.SECTION)))));
    }
    String footer = finished == null ? "/cancel " + run.ref() + " stops it"
        : "details in the thread";
    blocks.add(context(c -> c.elements(BlockElements.asContextElements(markdownText(
        Mrkdwn.escape(params()) + " · " + footer)))));
    return new LiveMessage.Content(fallback(), blocks);
  }

  /** The notification text: what a phone shows, and what screen readers read. */
  private String fallback() {
    String head = run.ref() + " " + run.runbook() + " of " + run.target();
    if (finished != null) {
      return head + " " + finished.state().label() + " after " + Ago.of(finished.took());
    }
    return steps.entrySet().stream().filter(e -> e.getValue().phase() == Phase.RUNNING)
        .map(e -> head + ": " + e.getKey()).findFirst().orElse(head + " started");
  }

  private String summary() {
    RunFinished f = finished;
    StringBuilder text = new StringBuilder("*" + capitalized(f.state().label()) + "* after "
        + Ago.of(f.took()));
    if (f.state() != RunState.SUCCEEDED) {
      f.error().ifPresent(e -> text.append(": ").append(Mrkdwn.escape(firstLine(e, 500))));
    }
    for (RunResult result : f.results()) {
      for (String line : RunText.results(result)) {
        text.append('\n').append(line);
      }
    }
    return text.toString();
  }

  private String emoji() {
    if (finished == null) {
      return ":hourglass_flowing_sand:";
    }
    return switch (finished.state()) {
      case SUCCEEDED -> ":white_check_mark:";
      case CANCELLED -> ":black_square_for_stop:";
      case INTERRUPTED -> ":warning:";
      default -> ":x:";
    };
  }

  private String params() {
    List<String> shown = new ArrayList<>();
    run.params().forEach((k, v) -> {
      if (!k.equals("target")) {
        shown.add(k + " " + v);
      }
    });
    return "target " + run.target() + (shown.isEmpty() ? "" : " · " + String.join(" · ", shown));
  }

  static String firstLine(String text, int max) {
    String line = text.strip().lines().findFirst().orElse("");
    return Mrkdwn.truncate(line, max);
  }

  private static String capitalized(String word) {
    return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT)
        + word.substring(1);
  }
}
