package dev.lifeboat.bot.chat;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A chat room that remembers what people would see: the newest text of each run's message and
 * request's card, as plain text, in a channel for everything.
 */
public final class RecordingRoom implements ChatRoom {
  private final Map<Long, String> runs = new ConcurrentHashMap<>();
  private final Map<Long, String> cards = new ConcurrentHashMap<>();
  private final List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<Long, String> incidentCards = new ConcurrentHashMap<>();

  @Override
  public Optional<String> channelFor(Origin origin) {
    return Optional.of("everything");
  }

  @Override
  public void run(String channel, RunView view, LifeboatEvent event) {
    List<Line> lines = new ArrayList<>(List.of(view.title()));
    lines.addAll(view.stepLines());
    lines.addAll(view.questionLines());
    lines.addAll(view.summaryLines());
    runs.put(view.run().id(), Line.plain(lines));
  }

  @Override
  public void alert(String channel, LifeboatEvent.AlertEvent event) {
    notices.add(Line.plain(dev.lifeboat.present.AlertLines.of(event)));
  }

  @Override
  public void approval(String channel, ApprovalView view, LifeboatEvent.ApprovalEvent event) {
    cards.put(view.request().id(), Line.plain(view.lines()));
    if (event instanceof LifeboatEvent.BreakGlassUsed e) {
      notices.add(Line.plain(ApprovalView.breakGlass(e)));
    }
  }

  @Override
  public void incident(String channel, dev.lifeboat.present.IncidentView view,
      LifeboatEvent.IncidentEvent event) {
    incidentCards.put(view.incident().id(), Line.plain(view.lines()));
    dev.lifeboat.present.IncidentLines.notice(event)
        .ifPresent(lines -> notices.add(Line.plain(lines)));
  }

  /** The incident's card as it reads now. */
  public Optional<String> incidentCard(long id) {
    return Optional.ofNullable(incidentCards.get(id));
  }

  /** The run's message as it reads now; empty when none was shown. */
  public Optional<String> run(long id) {
    return Optional.ofNullable(runs.get(id));
  }

  public Optional<String> card(long request) {
    return Optional.ofNullable(cards.get(request));
  }

  public List<String> notices() {
    return List.copyOf(notices);
  }
}
