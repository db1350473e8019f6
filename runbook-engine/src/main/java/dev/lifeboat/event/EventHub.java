package dev.lifeboat.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every subscribed adapter. A failing adapter (Slack down) must not stop a
 * run or the other adapters, so failures are logged, not thrown.
 */
public final class EventHub implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

  public void subscribe(EventSink sink) {
    sinks.add(sink);
  }

  public void unsubscribe(EventSink sink) {
    sinks.remove(sink);
  }

  @Override
  public void publish(LifeboatEvent event) {
    for (EventSink sink : sinks) {
      try {
        sink.publish(event);
      } catch (RuntimeException e) {
        LOG.warn("An adapter failed to handle {}: {}", event.getClass().getSimpleName(),
            e.toString());
      }
    }
  }
}
