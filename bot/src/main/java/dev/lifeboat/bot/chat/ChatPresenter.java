package dev.lifeboat.bot.chat;

import dev.lifeboat.access.Person;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.incident.IncidentChannels;
import dev.lifeboat.present.IncidentView;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Folds the engine's events into views once, and hands each view to the adapters that should
 * show it: a run or request goes where it was asked for, or to an adapter's notice channel.
 * Never blocks the engine: rooms only queue their messages.
 */
public final class ChatPresenter implements EventSink, IncidentChannels {
  private static final int REMEMBER_FINISHED = 1000;

  private final List<ChatRoom> rooms = new CopyOnWriteArrayList<>();
  private final Map<Long, RunView> runs = new ConcurrentHashMap<>();
  /**
   * Runs that ended lately. An approval's event can reach us after a quick run has finished;
   * it must not turn the final message back into a fresh one.
   */
  private final Set<Long> finished = java.util.Collections.synchronizedSet(
      java.util.Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > REMEMBER_FINISHED;
        }
      }));

  public void add(ChatRoom room) {
    rooms.add(room);
  }

  public void remove(ChatRoom room) {
    rooms.remove(room);
  }

  @Override
  public void publish(LifeboatEvent event) {
    switch (event) {
      case LifeboatEvent.RunEvent e -> {
        RunView view = fold(e.run(), e);
        if (view.isFinished() || e instanceof LifeboatEvent.RunInterrupted) {
          runs.remove(e.run().id());
          finished.add(e.run().id());
        }
        showRun(e.run().origin(), view, e);
      }
      case LifeboatEvent.ApprovalEvent e -> {
        ApprovalView view = ApprovalView.of(e);
        for (ChatRoom room : rooms) {
          room.channelFor(e.request().origin()).ifPresent(c -> room.approval(c, view, e));
        }
        // Who approved belongs on the run's message too.
        started(e).filter(run -> !finished.contains(run.id()))
            .ifPresent(run -> showRun(run.origin(), fold(run, e), e));
      }
      case LifeboatEvent.IncidentEvent e -> {
        // An incident's messages go where it lives: its own channel, or where it was started.
        IncidentView view = IncidentView.of(e);
        for (ChatRoom room : rooms) {
          room.channelFor(e.incident().origin()).ifPresent(c -> room.incident(c, view, e));
        }
      }
      case LifeboatEvent.AlertEvent e -> {
        // Alerts belong to no one's command: each adapter's notice channel shows them.
        for (ChatRoom room : rooms) {
          room.channelFor(Origin.of("monitor")).ifPresent(c -> room.alert(c, e));
        }
      }
    }
  }

  /** The room of the platform the incident was started on opens its channel, if it can. */
  @Override
  public Optional<IncidentChannels.Opened> open(Origin asked, String name, List<Person> invite) {
    for (ChatRoom room : rooms) {
      Optional<IncidentChannels.Opened> opened = room.openIncidentChannel(asked, name, invite);
      if (opened.isPresent()) {
        return opened;
      }
    }
    return Optional.empty();
  }

  private static Optional<RunInfo> started(LifeboatEvent.ApprovalEvent event) {
    return switch (event) {
      case LifeboatEvent.ApprovalGranted e -> e.run();
      case LifeboatEvent.BreakGlassUsed e -> Optional.of(e.run());
      case LifeboatEvent.ApprovalRequested e -> Optional.empty();
      case LifeboatEvent.ApprovalDenied e -> Optional.empty();
      case LifeboatEvent.ApprovalExpired e -> Optional.empty();
      case LifeboatEvent.ApprovalCancelled e -> Optional.empty();
      case LifeboatEvent.ApprovalStale e -> Optional.empty();
    };
  }

  private RunView fold(RunInfo run, LifeboatEvent event) {
    return runs.compute(run.id(), (id, view) -> (view == null ? RunView.of(run) : view)
        .apply(event));
  }

  private void showRun(Origin origin, RunView view, LifeboatEvent event) {
    for (ChatRoom room : rooms) {
      room.channelFor(origin).ifPresent(c -> room.run(c, view, event));
    }
  }
}
