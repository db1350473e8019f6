package dev.lifeboat.event;

/** The outbound port: adapters implement it to render engine events in their idiom. */
public interface EventSink {
  void publish(LifeboatEvent event);
}
