package dev.lifeboat.bot.cli;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.Transcript;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import java.util.Optional;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs commands that start a run (backup now, verify, drill) without a chat, through the same
 * command service as every chat: progress goes to stderr, the caller gets the finished run.
 * A cron job's timeout or systemd stopping it sends SIGTERM: the going run is cancelled cleanly
 * (a partial artifact goes, the run is recorded as cancelled) rather than killed mid-write.
 */
final class HeadlessRun {
  private final Lifeboat lifeboat;
  private final Map<Long, CompletableFuture<LifeboatEvent.RunFinished>> finished =
      new ConcurrentHashMap<>();
  private volatile long going = -1;

  private HeadlessRun(Lifeboat lifeboat) {
    this.lifeboat = lifeboat;
  }

  /** Subscribes to {@code lifeboat}'s events, recovers what a killed process left, and traps SIGTERM. */
  static HeadlessRun on(Lifeboat lifeboat) {
    HeadlessRun headless = new HeadlessRun(lifeboat);
    // Progress on stderr, without chat hints: nobody can type /cancel here.
    ChatPresenter presenter = new ChatPresenter();
    presenter.add(new ConsoleRenderer(System.err, false, false, Clock.systemUTC()));
    lifeboat.events().subscribe(presenter);
    lifeboat.events().subscribe(e -> {
      if (e instanceof LifeboatEvent.RunFinished f) {
        headless.future(f.run().id()).complete(f);
      }
    });
    lifeboat.recoverForCommand();
    StopSignal stop = StopSignal.install();
    Thread stopper = new Thread(() -> {
      try {
        stop.await();
        if (headless.going >= 0) {
          lifeboat.engine().cancel(headless.going, stop.name());
        }
      } catch (InterruptedException | RuntimeException e) {
        // finished meanwhile, or exiting anyway
      }
    }, "lifeboat-stop");
    stopper.setDaemon(true);
    stopper.start();
    return headless;
  }

  /** Starts {@code command} as the command-line operator and waits for its run to finish. */
  LifeboatEvent.RunFinished run(Command command) throws InterruptedException {
    Reply reply = lifeboat.commands().execute(BackupCommand.operator(), command,
        Origin.of("cli"));
    if (!(reply instanceof Reply.RunAccepted accepted)) {
      throw new IllegalStateException(command + " started no run but answered " + reply);
    }
    long runId = accepted.run().id();
    going = runId;
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
      System.out.println(OutputJson.run(f, lifeboat.engine().find(f.run().id())));
    } else {
      System.out.println(f.state().label() + " " + f.run().ref() + " " + f.run().target() + "\n"
          + Line.plain(Transcript.finished(f)));
    }
    return f.state() == RunState.SUCCEEDED;
  }

  /** A target whose run could not start, while others go on (backup now --all). */
  void refused(String target, LifeboatException e, boolean json) {
    System.err.println("lifeboat: " + target + ": " + e.getMessage());
    if (json) {
      System.out.println(OutputJson.failure(ErrorCodes.of(e), e.getMessage(),
          Optional.of(target)));
    }
  }

  private CompletableFuture<LifeboatEvent.RunFinished> future(long runId) {
    return finished.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }
}
