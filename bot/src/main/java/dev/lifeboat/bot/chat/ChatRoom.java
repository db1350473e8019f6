package dev.lifeboat.bot.chat;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import dev.lifeboat.access.Person;
import dev.lifeboat.incident.IncidentChannels;
import dev.lifeboat.present.IncidentView;
import java.util.List;
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

  /**
   * An incident changed: its card ({@code view}) is shown, edited in place where the platform
   * can, and the event's own message (a ping, a checklist, a note, an update) is posted.
   */
  void incident(String channel, IncidentView view, LifeboatEvent.IncidentEvent event);

  /**
   * A channel of its own for an incident started on this platform at {@code asked}, with
   * {@code invite} brought in. The default keeps incidents in the channel they were started in
   * (empty); a platform that can create channels says where the new one is.
   */
  default Optional<IncidentChannels.Opened> openIncidentChannel(Origin asked, String name,
      List<Person> invite) {
    return Optional.empty();
  }
}
