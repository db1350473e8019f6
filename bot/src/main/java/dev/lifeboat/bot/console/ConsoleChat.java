package dev.lifeboat.bot.console;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Person;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.demo.DemoWrites;
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
  private final ChatInbound inbound;
  private final boolean impersonation;
  private final boolean interactive;
  private final List<CompletableFuture<RunState>> started = new ArrayList<>();
  private final java.util.Map<Long, CompletableFuture<Void>> questions =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Optional<DemoWrites> demo;
  private Person actor;

  public ConsoleChat(Lifeboat lifeboat, ConsoleRenderer renderer, Person actor,
      boolean interactive) {
    this(lifeboat, renderer, actor, interactive, Optional.empty());
  }

  /** @param demo the demo's own commands (/demo write), only in {@code lifeboat demo} */
  public ConsoleChat(Lifeboat lifeboat, ConsoleRenderer renderer, Person actor,
      boolean interactive, Optional<DemoWrites> demo) {
    this.demo = demo;
    this.lifeboat = lifeboat;
    this.renderer = renderer;
    this.inbound = new ChatInbound("console", lifeboat.commands());
    this.actor = actor;
    this.impersonation = lifeboat.config().chat().impersonation();
    this.interactive = interactive;
    // A piped script waits for each run, except while the run waits for a person: then the
    // next lines (/as bob, /continue) are what it waits for.
    lifeboat.events().subscribe(event -> {
      if (event instanceof LifeboatEvent.QuestionAsked q) {
        asked(q.run().id()).complete(null);
        synchronized (lastAsked) {
          lastAsked.put(q.run().id(), q.step());
          CompletableFuture<Void> next = nextQuestion.remove(q.run().id());
          if (next != null) {
            next.complete(null);
          }
        }
      }
    });
  }

  /** The step each run last asked at, and who waits for the run's next question. */
  private final java.util.Map<Long, String> lastAsked = new java.util.HashMap<>();
  private final java.util.Map<Long, CompletableFuture<Void>> nextQuestion =
      new java.util.HashMap<>();

  /**
   * After a /continue, a piped script waits for the run again: until it ends or asks at a
   * later step (which may have happened already, on the run's own thread).
   */
  private CompletableFuture<Void> askedAfter(long runId, String answeredStep) {
    synchronized (lastAsked) {
      if (!answeredStep.equals(lastAsked.get(runId))) {
        return CompletableFuture.completedFuture(null);
      }
      return nextQuestion.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }
  }

  private CompletableFuture<Void> asked(long runId) {
    return questions.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }

  /**
   * Reads commands until the input ends, then waits for the runs it started.
   *
   * @return 0 when every run it started succeeded and, piped, every line was understood and
   *     done; 2 when a piped line was not understood or was refused (a typo or a missing right
   *     in a CI script must fail it, as a wrong command line does); else 1 when a run failed
   */
  public int run(ConsoleInput in) throws IOException, InterruptedException {
    renderer.say("Lifeboat console · you are " + actor.name() + " · /help lists the commands"
        + (impersonation ? " · /as NAME switches person (demo only)" : "")
        + (in instanceof LineEditor ? " · Tab completes, ↑ recalls" : ""));
    String line;
    int number = 0;
    List<String> refused = new ArrayList<>();
    while (true) {
      line = in.readLine(actor.name() + "> ");
      if (line == null) {
        break;
      }
      number++;
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
      if (!handle(text)) {
        refused.add("line " + number + " (" + text + ")");
      }
    }
    if (!interactive) {
      cancelUnanswered();
    }
    int runs = awaitRuns();
    if (interactive || refused.isEmpty()) {
      return runs;
    }
    renderer.error(refused.size() + (refused.size() == 1 ? " line was" : " lines were")
        + " not understood or refused: " + String.join(", ", refused) + ". Exit status 2.");
    return 2;
  }

  /** Lines as they come (a pipe, or serve's console), with a prompt when interactive. */
  public int run(BufferedReader in) throws IOException, InterruptedException {
    return run(new PipedInput(in, System.out, interactive));
  }

  /** The commands a console knows: the shared ones, /as where allowed, /exit. */
  public static List<Reply.CommandHelp> commands(Lifeboat lifeboat, boolean demo) {
    Reply.Help shared = (Reply.Help) lifeboat.commands().execute(
        dev.lifeboat.access.AccessPolicy.operator("console"),
        new dev.lifeboat.command.Command.Help(), ORIGIN);
    return consoleHelp(shared.commands(), lifeboat.config().chat().impersonation(), demo);
  }

  /** @return false when the line was not understood or refused, so nothing was done */
  boolean handle(String text) throws InterruptedException {
    if (text.equals("/as") || text.startsWith("/as ")) {
      return switchPerson(text.substring(3).strip());
    }
    if (demo.isPresent() && (text.equals("/demo") || text.startsWith("/demo "))) {
      return demoCommand(demo.get(), text.substring("/demo".length()));
    }
    ChatInbound.Answer answer = inbound.command(actor, text, ORIGIN);
    if (answer.reply().isEmpty()) {
      renderer.print(answer.lines());
      return false;
    }
    Reply reply = answer.reply().get();
    if (said(reply)) {
      renderer.print(answer.lines());
    }
    Optional<RunInfo> run = switch (reply) {
      case Reply.RunAccepted r -> Optional.of(r.run());
      case Reply.ApprovalCounted r -> r.decision().run();
      case Reply.BackupList r -> Optional.empty();
      case Reply.Status r -> Optional.empty();
      case Reply.Runs r -> Optional.empty();
      case Reply.CancelRequested r -> Optional.empty();
      case Reply.ApprovalPending r -> Optional.empty();
      case Reply.ApprovalClosed r -> Optional.empty();
      case Reply.Approvals r -> Optional.empty();
      case Reply.Help r -> Optional.empty();
      case Reply.Pruned r -> Optional.empty();
      case Reply.Acknowledged r -> Optional.empty();
      case Reply.Answered r -> Optional.empty();
      case Reply.IncidentReply r -> Optional.empty();
    };
    if (!interactive && reply instanceof Reply.Answered a && a.answer().proceed()) {
      // The run goes on: the next line waits for it, as after the command that started it.
      try {
        CompletableFuture.anyOf(lifeboat.engine().completion(a.answer().run().id()),
            askedAfter(a.answer().run().id(), a.answer().question().step())).get();
      } catch (ExecutionException e) {
        // the run failed; its events said how
      }
    }
    if (run.isPresent()) {
      CompletableFuture<RunState> done = lifeboat.engine().completion(run.get().id());
      started.add(done);
      if (!interactive) {
        try {
          CompletableFuture.anyOf(done, asked(run.get().id())).get();
        } catch (ExecutionException e) {
          // the run failed; its events said how
        }
      }
    }
    return true;
  }

  /**
   * Whether a reply says something the events printed on this same console do not: a run
   * started, a request withdrawn or an approval that started a run print there already.
   */
  private boolean said(Reply reply) {
    return switch (reply) {
      case Reply.RunAccepted r -> false;
      case Reply.ApprovalClosed r -> false;
      case Reply.ApprovalCounted r -> r.decision().run().isEmpty();
      case Reply.Help r -> {
        renderer.reply(new Reply.Help(consoleHelp(r.commands(), impersonation, demo.isPresent())));
        yield false;
      }
      case Reply.BackupList r -> true;
      case Reply.Status r -> true;
      case Reply.Runs r -> true;
      case Reply.CancelRequested r -> true;
      case Reply.ApprovalPending r -> {
        // The card printed above already showed the loss preview: only who can approve.
        renderer.print(List.of(dev.lifeboat.present.ReplyLines.pending(r)));
        yield false;
      }
      case Reply.Approvals r -> true;
      case Reply.Pruned r -> true;
      case Reply.Acknowledged r -> true;
      case Reply.Answered r -> true;
      // Roles, phases, notes, updates and the summary print as the incident's own messages on
      // this console already; the start, the timeline and the card are answers only.
      case Reply.IncidentStarted r -> true;
      case Reply.IncidentTimeline r -> true;
      case Reply.IncidentCard r -> true;
      case Reply.IncidentReply r -> false;
    };
  }

  private static List<Reply.CommandHelp> consoleHelp(List<Reply.CommandHelp> shared,
      boolean impersonation, boolean demo) {
    List<Reply.CommandHelp> all = new ArrayList<>(shared);
    if (impersonation) {
      all.add(new Reply.CommandHelp("/as NAME", "act as another person (demo configs only)"));
    }
    if (demo) {
      all.add(new Reply.CommandHelp("/demo write [N]", "about N rows of new orders, changes "
          + "and deletions in the demo shop (demo only)"));
    }
    all.add(new Reply.CommandHelp("/exit", "leave the console (also /quit, or Ctrl-D)"));
    return all;
  }

  private boolean demoCommand(DemoWrites writes, String words) {
    try {
      DemoWrites.Written w = writes.command(words);
      renderer.say("Wrote " + w.total() + " rows to the demo shop: " + w.customers()
          + " new customers, " + w.orders() + " new orders with " + w.items() + " items, "
          + w.renamed() + " customers renamed, " + w.itemsDeleted() + " order items deleted. "
          + "/restore latest shows what a restore would lose.");
      return true;
    } catch (LifeboatException e) {
      renderer.error(e.getMessage());
      return false;
    }
  }

  private boolean switchPerson(String name) {
    if (!impersonation) {
      renderer.error("/as is turned off: this console acts as " + actor.name() + ". (It is for "
          + "demos: chat.console.impersonation in lifeboat.yaml.)");
      return false;
    }
    try {
      actor = lifeboat.commands().access().person(name);
      renderer.say("You are now " + actor.name() + " (impersonation is on for this demo "
          + "config; a real console cannot do this).");
      return true;
    } catch (LifeboatException e) {
      renderer.error(e.getMessage());
      return false;
    }
  }

  /**
   * A script that ended while a run waits at its checklist can never answer it: cancel the run
   * (its clean-up steps still run) rather than wait for ever, and say what the script lacks.
   */
  private void cancelUnanswered() {
    for (Long run : questions.keySet()) {
      if (lifeboat.commands().waitsForAnswer(run)) {
        renderer.error("The input ended while r" + run + " waits for an answer at its "
            + "checklist: r" + run + " is cancelled. Add /continue or /abort to the script.");
        try {
          lifeboat.engine().cancel(run, "console: the input ended before an answer");
        } catch (LifeboatException e) {
          // it finished meanwhile
        }
      }
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
