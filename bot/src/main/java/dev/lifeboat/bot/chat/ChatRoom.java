package dev.lifeboat.bot.chat;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import java.util.Optional;

/** Where one adapter shows the engine's events; the {@link ChatPresenter} routes to it. */
public interface ChatRoom {
  /** The channel this adapter shows a run or request from {@code origin} in; empty: not here. */
  Optional<String> channelFor(Origin origin);

  /** A run changed: {@code view} is its state after {@code event}. */
  void run(String channel, RunView view, LifeboatEvent event);

  /** An approval request changed. */
  void approval(String channel, ApprovalView view, LifeboatEvent.ApprovalEvent event);

  /** An alert was raised, escalated, taken or resolved: a message of its own, for its pings. */
  void alert(String channel, LifeboatEvent.AlertEvent event);
}
