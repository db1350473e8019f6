package dev.lifeboat.bot.chat;

import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Folds the engine's events into views once, and hands each view to the adapters that should
 * show it: a run or request goes where it was asked for, or to an adapter's notice channel.
 * Never blocks the engine: rooms only queue their messages.
 */
public final class ChatPresenter implements EventSink {
  private final List<ChatRoom> rooms = new CopyOnWriteArrayList<>();
  private final Map<Long, RunView> runs = new ConcurrentHashMap<>();

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
        }
        showRun(e.run().origin(), view, e);
      }
      case LifeboatEvent.ApprovalEvent e -> {
        ApprovalView view = ApprovalView.of(e);
        for (ChatRoom room : rooms) {
          room.channelFor(e.request().origin()).ifPresent(c -> room.approval(c, view, e));
        }
        // Who approved belongs on the run's message too.
        started(e).ifPresent(run -> showRun(run.origin(), fold(run, e), e));
      }
    }
  }

  private static Optional<RunInfo> started(LifeboatEvent.ApprovalEvent event) {
    return switch (event) {
      case LifeboatEvent.ApprovalGranted e -> e.run();
      case LifeboatEvent.BreakGlassUsed e -> Optional.of(e.run());
      case LifeboatEvent.ApprovalRequested e -> Optional.empty();
      case LifeboatEvent.ApprovalDenied e -> Optional.empty();
      case LifeboatEvent.ApprovalExpired e -> Optional.empty();
      case LifeboatEvent.ApprovalCancelled e -> Optional.empty();
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
