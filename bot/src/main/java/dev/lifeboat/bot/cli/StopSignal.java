package dev.lifeboat.bot.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (docker stop, Kubernetes, systemd) and SIGINT (Ctrl-C) as a request to stop, handled
 * by the command's own thread. A JVM shutdown hook is no place for an orderly stop: by the time
 * it runs the JVM is exiting, other hooks race it, and the exit status is 143, not 0.
 */
final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
  private final CountDownLatch received = new CountDownLatch(1);
  private volatile String name = "";

  /** Starts listening; a second signal while stopping is ignored rather than killing the JVM. */
  static StopSignal install() {
    StopSignal stop = new StopSignal();
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(signal), s -> stop.receive("SIG" + s.getName()));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // A platform without it: the JVM's default handling (exit without final states).
        LOG.warn("Cannot handle SIG{} on this platform: {}", signal, e.getMessage());
      }
    }
    return stop;
  }

  private void receive(String signal) {
    if (received.getCount() > 0) {
      name = signal;
      received.countDown();
    }
  }

  void await() throws InterruptedException {
    received.await();
  }

  boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return received.await(timeout, unit);
  }

  /** The signal that arrived, e.g. SIGTERM. */
  String name() {
    return name;
  }
}
