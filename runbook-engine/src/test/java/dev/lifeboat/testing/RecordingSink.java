package dev.lifeboat.testing;

import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event the engine publishes, the way a chat adapter would receive them. */
public final class RecordingSink implements EventSink {
  private final List<LifeboatEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void publish(LifeboatEvent event) {
    events.add(event);
  }

  public List<LifeboatEvent> all() {
    return List.copyOf(events);
  }

  public <T extends LifeboatEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public LifeboatEvent.RunFinished finished(long runId) {
    return of(LifeboatEvent.RunFinished.class).stream().filter(e -> e.run().id() == runId)
        .findFirst().orElseThrow(() -> new AssertionError("run r" + runId + " has not finished; "
            + "events: " + events));
  }
}
