package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.EventSink;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.Transcript;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs commands that start a run (backup now, verify, drill) without a chat, through the same
 * command service as every chat: progress goes to the caller's stderr, the caller gets the
 * finished run. A cron job's timeout or systemd stopping it sends SIGTERM: the going run is
 * cancelled cleanly (a partial artifact goes, the run is recorded as cancelled) rather than
 * killed mid-write.
 */
final class HeadlessRun implements AutoCloseable, EventSink {
  private final Lifeboat lifeboat;
  private final Invocation caller;
  private final Origin origin;
  /** This process's own Lifeboat: every run is the caller's, and closing this closes it. */
  private final boolean own;
  private final EventSink progress;
  private final Map<Long, CompletableFuture<LifeboatEvent.RunFinished>> finished =
      new ConcurrentHashMap<>();
  private volatile long going = -1;
  /** Who asked to stop (SIGTERM), if anyone did; a run that starts after it is cancelled. */
  private volatile String stopBy;

  private HeadlessRun(Lifeboat lifeboat, Invocation caller, Origin origin, boolean own) {
    this.lifeboat = lifeboat;
    this.caller = caller;
    this.origin = origin;
    this.own = own;
    // Progress on the caller's stderr, without chat hints: nobody can type /cancel here.
    ChatPresenter presenter = new ChatPresenter();
    presenter.add(new ConsoleRenderer(caller.err(), false, false, Clock.systemUTC()));
    this.progress = presenter;
  }

  /**
   * On a Lifeboat of this process's own, closed with this: sees every event, recovers what a
   * killed process left, and traps SIGTERM.
   */
  static HeadlessRun here(Lifeboat lifeboat, Invocation caller, StopSignal stop) {
    HeadlessRun headless = new HeadlessRun(lifeboat, caller, Origin.of("cli"), true);
    lifeboat.events().subscribe(headless);
    lifeboat.recoverForCommand();
    Thread stopper = new Thread(() -> {
      try {
        stop.await();
        headless.cancel(stop.name());
      } catch (InterruptedException | RuntimeException e) {
        // finished meanwhile, or exiting anyway
      }
    }, "lifeboat-stop");
    stopper.setDaemon(true);
    stopper.start();
    return headless;
  }

  /**
   * On a serve's Lifeboat, which goes on after this closes: only the runs started from
   * {@code origin} reach the caller, and the caller's stop arrives through {@link #cancel}.
   */
  static HeadlessRun within(Lifeboat lifeboat, Invocation caller, Origin origin) {
    HeadlessRun headless = new HeadlessRun(lifeboat, caller, origin, false);
    lifeboat.events().subscribe(headless);
    return headless;
  }

  @Override
  public void publish(LifeboatEvent event) {
    if (!own && !(event instanceof LifeboatEvent.RunEvent r && r.run().origin().equals(origin))) {
      return;
    }
    progress.publish(event);
    if (event instanceof LifeboatEvent.RunFinished f) {
      future(f.run().id()).complete(f);
    }
  }

  /**
   * Cancels the going run as {@code by} (SIGTERM): it cleans up and finishes. A stop that
   * arrives before the run starts (while Lifeboat opens, or recovers what a killed process left)
   * is kept, and cancels the run as soon as it starts.
   */
  void cancel(String by) {
    stopBy = by;
    long runId = going;
    if (runId >= 0) {
      lifeboat.engine().cancel(runId, by);
    }
  }

  /** Starts {@code command} as the caller and waits for its run to finish. */
  LifeboatEvent.RunFinished run(Command command) throws InterruptedException {
    Reply reply = lifeboat.commands().execute(caller.operator(), command, origin);
    if (!(reply instanceof Reply.RunAccepted accepted)) {
      throw new IllegalStateException(command + " started no run but answered " + reply);
    }
    long runId = accepted.run().id();
    going = runId;
    // Read after going is set: cancel() sets stopBy before it reads going, so one of the two
    // sees the other, and a stop is never lost between them (a second cancel does nothing).
    String stoppedBy = stopBy;
    if (stoppedBy != null) {
      try {
        lifeboat.engine().cancel(runId, stoppedBy);
      } catch (LifeboatException finishedAlready) {
        // it ended before the cancel reached it: its finished event says how
      }
    }
    try {
      lifeboat.engine().completion(runId).get();
    } catch (ExecutionException e) {
      // the run failed; its finished event says how
    }
    try {
      return future(runId).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run's finished event is never exceptional", e);
    } finally {
      going = -1;
    }
  }

  /**
   * Prints a finished run on stdout: plain, its state, ref and target first as scripts read
   * them, then the words every renderer uses; or one line of JSON.
   *
   * @return whether it succeeded
   */
  boolean print(LifeboatEvent.RunFinished f, boolean json) {
    if (json) {
      caller.out().println(OutputJson.run(f, lifeboat.engine().find(f.run().id())));
    } else {
      caller.out().println(f.state().label() + " " + f.run().ref() + " " + f.run().target()
          + "\n" + Line.plain(Transcript.finished(f)));
    }
    return f.state() == RunState.SUCCEEDED;
  }

  /** A target whose run could not start, while others go on (backup now --all). */
  void refused(String target, LifeboatException e, boolean json) {
    caller.err().println("lifeboat: " + target + ": " + e.getMessage());
    if (json) {
      caller.out().println(OutputJson.failure(ErrorCodes.of(e), e.getMessage(),
          Optional.of(target)));
    }
  }

  @Override
  public void close() {
    lifeboat.events().unsubscribe(this);
    if (own) {
      lifeboat.close();
    }
  }

  private CompletableFuture<LifeboatEvent.RunFinished> future(long runId) {
    return finished.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }
}
