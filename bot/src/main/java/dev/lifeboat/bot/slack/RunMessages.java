package dev.lifeboat.bot.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

import dev.lifeboat.event.LifeboatEvent.RunEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.event.LifeboatEvent.RunInterrupted;
import dev.lifeboat.event.LifeboatEvent.RunStarted;
import dev.lifeboat.event.LifeboatEvent.StepFinished;
import dev.lifeboat.event.LifeboatEvent.StepLog;
import dev.lifeboat.event.LifeboatEvent.StepProgress;
import dev.lifeboat.event.LifeboatEvent.StepStarted;
import dev.lifeboat.event.LifeboatEvent.StepStatus;
import dev.lifeboat.run.RunInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One live message per run, in the channel the run was asked for in (or the configured channel
 * for runs that did not start in Slack): progress edits the message, logs and error details go
 * to its thread. Interrupted runs are announced with a mention of who asked.
 */
final class RunMessages {
  private final Outbox outbox;
  private final SlackPeople people;
  private final Channels channels;
  private final Map<Long, Tracked> runs = new ConcurrentHashMap<>();

  private record Tracked(RunProgress progress, LiveMessage message) {}

  RunMessages(Outbox outbox, SlackPeople people, Channels channels) {
    this.outbox = outbox;
    this.people = people;
    this.channels = channels;
  }

  void on(RunEvent event) {
    RunInfo run = event.run();
    Optional<String> channel = channels.of(run.origin());
    if (channel.isEmpty()) {
      return;
    }
    if (event instanceof RunInterrupted e) {
      interrupted(channel.get(), e);
      return;
    }
    // A run seen first mid-way (we subscribed late) still gets its message.
    Tracked t = runs.computeIfAbsent(run.id(), id -> new Tracked(
        new RunProgress(run, people.mention(run.requestedBy())),
        outbox.message(channel.get(), posted -> {})));
    if (event instanceof StepLog e) {
      t.message().thread("`" + Mrkdwn.escape(e.step()) + "` " + Mrkdwn.escape(e.line()));
      return;
    }
    if (event instanceof RunStarted e) {
      t.progress().started(e.steps());
    } else if (event instanceof StepStarted e) {
      t.progress().stepStarted(e.step());
    } else if (event instanceof StepProgress e) {
      t.progress().progress(e.step(), e.done(), e.total(), e.detail());
    } else if (event instanceof StepFinished e) {
      t.progress().stepFinished(e.step(), e.status(), e.took(), e.error());
      if (e.status() == StepStatus.FAILED && e.error().isPresent()) {
        t.message().thread("`" + Mrkdwn.escape(e.step()) + "` failed:\n"
            + Mrkdwn.code(Mrkdwn.truncate(e.error().get(), 2800)));
      }
    } else if (event instanceof RunFinished e) {
      t.progress().finished(e);
      runs.remove(run.id());
    }
    // The message object keeps delivering after it leaves the map; the outbox knows it.
    t.message().show(t.progress().render());
  }

  private void interrupted(String channel, RunInterrupted e) {
    RunInfo run = e.run();
    StringBuilder text = new StringBuilder(":warning: " + people.mention(run.requestedBy())
        + " " + run.ref() + " " + Mrkdwn.escape(run.runbook()) + " of "
        + Mrkdwn.escape(run.target()) + " was *interrupted* during `"
        + Mrkdwn.escape(e.lastStep()) + "`: Lifeboat stopped before it finished. Nothing "
        + "half-written was kept; run it again.");
    for (String line : e.tidied()) {
      text.append("\n• ").append(Mrkdwn.escape(line));
    }
    String body = Mrkdwn.truncate(text.toString(), Mrkdwn.SECTION);
    outbox.message(channel, posted -> {}).show(new LiveMessage.Content(
        run.ref() + " " + run.runbook() + " of " + run.target() + " was interrupted",
        List.of(section(s -> s.text(markdownText(body))))));
  }
}
