package dev.lifeboat.bot.chat;

import dev.lifeboat.access.Person;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.incident.IncidentChannels;
import dev.lifeboat.present.IncidentLines;
import dev.lifeboat.present.IncidentView;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import dev.lifeboat.state.MessageLocations;
import dev.lifeboat.state.MessageLocations.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The room of a platform that edits messages (Slack, Discord): one live message per run and per
 * approval request, details in its thread, and the way back from a message to its request when
 * a reaction arrives. Where each message is lives in the state database, so after a restart
 * updates edit the same message and reactions still count.
 */
public final class ChatBoard<C> implements ChatRoom {
  /** How long a reaction waits for its card's post to come back. */
  static final Duration POSTING_GRACE = Duration.ofSeconds(10);

  private final String platform;
  private final LiveMessages<C> out;
  private final ChatRenderer<C> renderer;
  private final MessageLocations locations;
  private final Function<Origin, Optional<String>> channels;
  private final Map<Long, LiveMessage<C>> runs = new ConcurrentHashMap<>();
  private final Map<Long, LiveMessage<C>> requests = new ConcurrentHashMap<>();
  private final Map<Long, LiveMessage<C>> incidents = new ConcurrentHashMap<>();

  /** @param channels where a run or request from an origin is shown on this platform */
  public ChatBoard(String platform, LiveMessages<C> out, ChatRenderer<C> renderer,
      MessageLocations locations, Function<Origin, Optional<String>> channels) {
    this.platform = platform;
    this.out = out;
    this.renderer = renderer;
    this.locations = locations;
    this.channels = channels;
  }

  @Override
  public Optional<String> channelFor(Origin origin) {
    return channels.apply(origin);
  }

  @Override
  public void run(String channel, RunView view, LifeboatEvent event) {
    long id = view.run().id();
    switch (event) {
      case LifeboatEvent.RunInterrupted e -> {
        out.message(channel, p -> { }).show(renderer.notice(RunView.interrupted(e),
            e.run().ref() + " " + e.run().runbook() + " of " + e.run().target()
                + " was interrupted"));
        return;
      }
      case LifeboatEvent.StepLog e -> {
        runMessage(id, channel).thread(renderer.text(List.of(Line.builder().code(e.step())
            .text(" " + e.line()).build())));
        return;
      }
      case LifeboatEvent.StepFinished e -> {
        if (e.status() == LifeboatEvent.StepStatus.FAILED && e.error().isPresent()) {
          runMessage(id, channel).thread(renderer.text(List.of(Line.builder().code(e.step())
              .text(" failed:\n" + e.error().get()).build())));
        }
      }
      case LifeboatEvent.RunFinished e -> {
        List<Line> details = view.detailLines();
        LiveMessage<C> message = runMessage(id, channel);
        if (!details.isEmpty()) {
          message.thread(renderer.text(details));
        }
        runs.remove(id);
        // The message keeps delivering after it leaves the map; LiveMessages knows it.
        message.show(renderer.run(view));
        return;
      }
      case LifeboatEvent.RunStarted e -> { }
      case LifeboatEvent.StepStarted e -> { }
      case LifeboatEvent.StepProgress e -> { }
      // The question shows in the run's message until it is answered; the answer stays in the
      // thread, for the record.
      case LifeboatEvent.QuestionAsked e -> { }
      case LifeboatEvent.QuestionAnswered e ->
          runMessage(id, channel).thread(renderer.text(List.of(RunView.answer(e))));
      // Approvals change a run's message only in who approved it: the view says so.
      case LifeboatEvent.ApprovalEvent e -> { }
      // Alerts reach rooms through alert(), never as a run's event.
      case LifeboatEvent.AlertEvent e -> {
        return;
      }
      // Incidents reach rooms through incident().
      case LifeboatEvent.IncidentEvent e -> {
        return;
      }
    }
    runMessage(id, channel).show(renderer.run(view));
  }

  private LiveMessage<C> runMessage(long id, String channel) {
    return runs.computeIfAbsent(id, k -> message(Kind.RUN, k, channel));
  }

  @Override
  public void approval(String channel, ApprovalView view, LifeboatEvent.ApprovalEvent event) {
    long id = view.request().id();
    LiveMessage<C> message = requests.computeIfAbsent(id, k -> message(Kind.APPROVAL, k,
        channel));
    message.show(renderer.approval(view));
    if (event instanceof LifeboatEvent.ApprovalRequested && !view.lossDetails().isEmpty()) {
      // The card keeps to its few lines for a phone; every table's change is in its thread.
      message.thread(renderer.text(view.lossDetails()));
    }
    if (event instanceof LifeboatEvent.BreakGlassUsed e) {
      // Loud on purpose: one person ran a destructive plan alone; the approvers must know.
      out.message(message.channel(), p -> { }).show(renderer.notice(ApprovalView.breakGlass(e),
          "BREAK-GLASS: " + e.by() + " runs " + e.request().runbook() + " of "
              + e.request().target()));
    }
  }

  @Override
  public void alert(String channel, LifeboatEvent.AlertEvent event) {
    out.message(channel, p -> { }).show(renderer.notice(dev.lifeboat.present.AlertLines.of(event),
        dev.lifeboat.present.AlertLines.notification(event)));
  }

  @Override
  public void incident(String channel, IncidentView view, LifeboatEvent.IncidentEvent event) {
    long id = view.incident().id();
    LiveMessage<C> card = incidents.computeIfAbsent(id, k -> message(Kind.INCIDENT, k,
        channel));
    card.show(renderer.notice(view.lines(), view.notification()));
    IncidentLines.notice(event).ifPresent(lines -> out.message(channel, p -> { })
        .show(renderer.notice(lines, Line.plain(lines.subList(0, 1)))));
    if (event instanceof LifeboatEvent.IncidentUpdated e
        && e.stakeholders().containsKey(platform)) {
      List<Line> lines = IncidentLines.forStakeholders(e);
      out.message(e.stakeholders().get(platform), p -> { })
          .show(renderer.notice(lines, Line.plain(lines)));
    }
    if (event instanceof LifeboatEvent.IncidentResolved) {
      // The card keeps delivering its final state after it leaves the map.
      incidents.remove(id);
    }
  }

  /** Incidents started on this platform get a channel of their own, when the surface can. */
  @Override
  public Optional<IncidentChannels.Opened> openIncidentChannel(Origin asked, String name,
      List<Person> invite) {
    if (!asked.adapter().equals(platform)) {
      return Optional.empty();
    }
    List<String> members = invite.stream().flatMap(p -> p.chatId(platform).stream()).toList();
    return out.openChannel(name, members).map(channel -> new IncidentChannels.Opened(
        new Origin(platform, channel, ""), "#" + name));
  }

  /**
   * The approval request whose card is at {@code where}, if it is one of ours. A quick reaction
   * can arrive before the platform's answer to our own post has told us where the card is: then
   * this waits, up to {@link #POSTING_GRACE}, for the cards still being posted.
   */
  public OptionalLong requestAt(ChatSurface.Posted where) throws InterruptedException {
    long end = System.nanoTime() + POSTING_GRACE.toNanos();
    while (true) {
      // Asked first: a post that comes back after this is looked for on the next round. Asked
      // last, a post coming back between the look-up and this question was missed for good.
      boolean posting = requests.values().stream().anyMatch(m -> m.posted().isEmpty());
      OptionalLong found = postedHere(where);
      if (found.isPresent()) {
        return found;
      }
      OptionalLong stored = locations.at(platform, new MessageLocations.Location(
              where.channel(), where.id()))
          .filter(s -> s.kind() == Kind.APPROVAL).map(s -> OptionalLong.of(s.id()))
          .orElse(OptionalLong.empty());
      if (stored.isPresent() || !posting || System.nanoTime() > end) {
        return stored;
      }
      Thread.sleep(20);
    }
  }

  private OptionalLong postedHere(ChatSurface.Posted where) {
    return requests.entrySet().stream()
        .filter(e -> e.getValue().posted().filter(where::equals).isPresent())
        .mapToLong(Map.Entry::getKey).findFirst();
  }

  /** The run whose message is at {@code where}, if it is one of ours. */
  public OptionalLong runAt(ChatSurface.Posted where) {
    return locations.at(platform, new MessageLocations.Location(where.channel(), where.id()))
        .filter(s -> s.kind() == Kind.RUN).map(s -> OptionalLong.of(s.id()))
        .orElse(OptionalLong.empty());
  }

  /** A click showed where a request's card is: edit that one from now on. */
  public void remember(long requestId, ChatSurface.Posted where) {
    requests.computeIfAbsent(requestId, id -> {
      locations.remember(platform, Kind.APPROVAL, id, new MessageLocations.Location(
          where.channel(), where.id()));
      return out.existing(where);
    });
  }

  private LiveMessage<C> message(Kind kind, long id, String channel) {
    // A message posted before a restart is edited, not posted again.
    return locations.find(platform, kind, id)
        .map(at -> out.existing(new ChatSurface.Posted(at.channel(), at.messageId())))
        .orElseGet(() -> out.message(channel, posted -> locations.remember(platform, kind, id,
            new MessageLocations.Location(posted.channel(), posted.id()))));
  }
}
