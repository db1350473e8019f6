package dev.lifeboat.ask;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Names;
import dev.lifeboat.config.ConfigNode;
import dev.lifeboat.event.LifeboatEvent.QuestionAnswered;
import dev.lifeboat.event.LifeboatEvent.QuestionAsked;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code ask}: a person's confirmation inside a run ("Log in works? Create a project? Upload and
 * play a video?"). The run waits until someone allowed answers Continue or Abort; Abort fails
 * the run, so its {@code always} steps still thaw and clean up, and a restore asked before its
 * swap leaves the original untouched. The step's {@code timeout} is how long it waits; running
 * out fails the run the same safe way.
 */
public final class AskStep implements Step {
  private final Inquiries inquiries;
  private final Set<String> groups;
  private final Clock clock;

  /** @param groups the groups the config defines, so a misspelt {@code from:} fails at load */
  public AskStep(Inquiries inquiries, Set<String> groups, Clock clock) {
    this.inquiries = inquiries;
    this.groups = Set.copyOf(groups);
    this.clock = clock;
  }

  /** The step's settings, read when the runbook loads. */
  public record Settings(String prompt, List<String> checklist, List<String> from) {}

  @Override
  public Object settings(ConfigNode with) {
    with.allowOnly(Set.of("prompt", "checklist", "from"));
    String prompt = with.string("prompt", "Check before Lifeboat goes on:");
    List<String> checklist = with.strings("checklist");
    if (checklist.isEmpty() && !with.has("prompt")) {
      with.problem("say what to confirm: prompt: TEXT and/or checklist: [ITEM, ...]");
    }
    List<String> from = with.strings("from");
    for (String g : from) {
      if (!groups.contains(g)) {
        with.child("from").problem("no group named '" + Names.shown(g) + "' in lifeboat.yaml"
            + " (known: " + String.join(", ", groups.stream().sorted().toList()) + ")");
      }
    }
    return new Settings(prompt, checklist, from);
  }

  @Override
  public void execute(StepContext context) throws Exception {
    Settings s = context.settings(Settings.class);
    Instant expires = Instant.ofEpochMilli(clock.millis()).plus(context.step().timeout());
    inquiries.ask(context.run(), context.step().id(), s.prompt(), s.checklist(), s.from(),
        expires);
    List<String> people = inquiries.peopleWhoMayAnswer(context.run(), s.from());
    context.announce(new QuestionAsked(context.run(), context.step().id(), s.prompt(),
        s.checklist(), people, expires));
    context.log("waiting for " + String.join(", ", people) + " to /continue " + context.run()
        .ref() + " or /abort " + context.run().ref());
    Question answer = inquiries.await(context.run().id(), context.step().id(),
        context.cancellation());
    boolean proceed = answer.state() == Question.State.CONTINUED;
    String by = answer.answeredBy().orElse("someone");
    context.announce(new QuestionAnswered(context.run(), context.step().id(), by, proceed,
        answer.reason().filter(r -> !r.isBlank())));
    if (!proceed) {
      throw new LifeboatException("aborted by " + by + answer.reason().filter(r -> !r.isBlank())
          .map(r -> ": " + r).orElse("") + " at the checklist " + context.step().id());
    }
    context.log(by + " confirmed the checklist: the run goes on");
  }
}
