package dev.lifeboat.bot.console;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.Reply;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The console chat adapter: one person types slash commands, Lifeboat answers on the terminal.
 * Read line by line, interactive or piped. In a pipe each command is finished (a run to its end)
 * before the next line is read, so scripts behave the same every time.
 */
public final class ConsoleChat {
  private static final Origin ORIGIN = Origin.of("console");

  private final Lifeboat lifeboat;
  private final ConsoleRenderer renderer;
  private final CommandParser parser = new CommandParser();
  private final boolean impersonation;
  private final boolean interactive;
  private final List<CompletableFuture<RunState>> started = new ArrayList<>();
  private Person actor;

  public ConsoleChat(Lifeboat lifeboat, ConsoleRenderer renderer, Person actor,
      boolean interactive) {
    this.lifeboat = lifeboat;
    this.renderer = renderer;
    this.actor = actor;
    this.impersonation = lifeboat.config().chat().impersonation();
    this.interactive = interactive;
  }

  /**
   * Reads commands until the input ends, then waits for the runs it started.
   *
   * @return 0 when every run it started succeeded, 1 otherwise
   */
  public int run(BufferedReader in) throws IOException, InterruptedException {
    renderer.say("Lifeboat console · you are " + actor.name() + " · /help lists the commands"
        + (impersonation ? " · /as NAME switches person (demo only)" : ""));
    String line;
    while (true) {
      if (interactive) {
        System.out.print(actor.name() + "> ");
        System.out.flush();
      }
      line = in.readLine();
      if (line == null) {
        break;
      }
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (!interactive) {
        renderer.say(actor.name() + "> " + text);
      }
      if (text.equals("/quit") || text.equals("/exit")) {
        break;
      }
      handle(text);
    }
    return awaitRuns();
  }

  void handle(String text) throws InterruptedException {
    if (text.equals("/as") || text.startsWith("/as ")) {
      switchPerson(text.substring(3).strip());
      return;
    }
    try {
      Command command = parser.parse(text);
      Reply reply = lifeboat.commands().execute(actor, command, ORIGIN);
      renderer.reply(reply);
      Optional<RunInfo> run = Optional.empty();
      if (reply instanceof Reply.RunAccepted accepted) {
        run = Optional.of(accepted.run());
      } else if (reply instanceof Reply.ApprovalCounted counted) {
        run = counted.decision().run();
      }
      if (run.isPresent()) {
        CompletableFuture<RunState> done = lifeboat.engine().completion(run.get().id());
        started.add(done);
        if (!interactive) {
          waitFor(done);
        }
      }
    } catch (LifeboatException e) {
      renderer.error(e.getMessage());
    }
  }

  private void switchPerson(String name) {
    if (!impersonation) {
      renderer.error("/as is turned off: this console acts as " + actor.name() + ". (It is for "
          + "demos: chat.console.impersonation in lifeboat.yaml.)");
      return;
    }
    try {
      actor = lifeboat.commands().access().person(name);
      renderer.say("You are now " + actor.name() + " (impersonation is on for this demo "
          + "config; a real console cannot do this).");
    } catch (LifeboatException e) {
      renderer.error(e.getMessage());
    }
  }

  private int awaitRuns() throws InterruptedException {
    boolean allSucceeded = true;
    for (CompletableFuture<RunState> f : started) {
      allSucceeded &= waitFor(f) == RunState.SUCCEEDED;
    }
    return allSucceeded ? 0 : 1;
  }

  private static RunState waitFor(CompletableFuture<RunState> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      return RunState.FAILED;
    }
  }
}
