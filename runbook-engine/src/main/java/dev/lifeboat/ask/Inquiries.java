package dev.lifeboat.ask;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.state.StateDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The questions ask steps put to people, like StackStorm's inquiries but in the chat: the step
 * records its question and waits; whoever may answer does so with {@code /continue} or
 * {@code /abort} (or a button or reaction) from any Lifeboat process, since the answer goes
 * through the state database. Every answer is audited.
 */
public final class Inquiries {
  /** How often a waiting step looks for an answer given in another process. */
  private static final long POLL_MILLIS = 1_000;

  private final JdbcQuestions questions;
  private final AccessPolicy access;
  private final AuditLog audit;
  private final Clock clock;
  private final LongFunction<Optional<RunInfo>> runs;
  private final Map<String, CountDownLatch> answeredHere = new ConcurrentHashMap<>();

  /** @param runs finds a run by id (the run engine's history) */
  public Inquiries(StateDatabase database, AccessPolicy access, AuditLog audit, Clock clock,
      LongFunction<Optional<RunInfo>> runs) {
    this.questions = new JdbcQuestions(database);
    this.access = access;
    this.audit = audit;
    this.clock = clock;
    this.runs = runs;
  }

  /** What an answer did, for the reply to the person who gave it. */
  public record Answered(Question question, RunInfo run, boolean proceed) {}

  /** Records the question of {@code step} in {@code run}; people may answer from now on. */
  Question ask(RunInfo run, String step, String prompt, List<String> checklist,
      List<String> answerFrom, Instant expiresAt) {
    Question q = new Question(run.id(), step, prompt, checklist, answerFrom, now(), expiresAt,
        Question.State.WAITING, Optional.empty(), Optional.empty(), Optional.empty());
    answeredHere.put(key(run.id(), step), new CountDownLatch(1));
    questions.ask(q);
    audit.append(run.requestedBy(), "ask", run.target(), run.ref() + " " + step + ": " + prompt,
        "waiting");
    return q;
  }

  /**
   * Waits for the answer. A cancel or the step's timeout ends the wait: the question is marked
   * expired, so a late answer is refused instead of counting for nothing.
   */
  Question await(long runId, String step, Cancellation cancellation)
      throws InterruptedException {
    String key = key(runId, step);
    CountDownLatch here = answeredHere.computeIfAbsent(key, k -> new CountDownLatch(1));
    try (AutoCloseable wake = cancellation.onCancel(here::countDown)) {
      while (true) {
        Question q = questions.find(runId, step).orElseThrow(() -> new IllegalStateException(
            "the question of r" + runId + " " + step + " vanished"));
        if (q.state() != Question.State.WAITING) {
          return q;
        }
        if (cancellation.isCancelled()) {
          questions.answer(runId, step, Question.State.EXPIRED, "lifeboat", now(),
              cancellation.reason().orElse("the step ended"));
          cancellation.throwIfCancelled();
        }
        here.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      answeredHere.remove(key);
    }
  }

  /** Questions that wait now, oldest first. */
  public List<Question> waiting() {
    return questions.allWaiting();
  }

  /**
   * {@code /continue [r12]} or {@code /abort [r12] [reason]}: without a run, the one question
   * this person may answer.
   */
  public Answered answer(Person by, Optional<Long> runId, boolean proceed, String reason,
      String via) {
    Question q = runId.map(id -> questions.waiting(id).orElseThrow(() -> notWaiting(id)))
        .orElseGet(() -> only(by));
    RunInfo run = runs.apply(q.runId()).orElseThrow(() -> new NotFoundException("No run "
        + q.ref() + "."));
    if (!mayAnswer(by, q, run)) {
      throw new NotAuthorizedException("Refused: only " + whoMayAnswer(q, run) + " may answer "
          + run.ref() + "'s checklist; " + by.name() + " may not.");
    }
    Question.State state = proceed ? Question.State.CONTINUED : Question.State.ABORTED;
    if (!questions.answer(q.runId(), q.step(), state, by.name(), now(), reason)) {
      Question now = questions.find(q.runId(), q.step()).orElseThrow();
      throw new LifeboatException(run.ref() + "'s checklist was already answered: "
          + now.state().label() + now.answeredBy().map(p -> " by " + p).orElse("") + ".");
    }
    audit.append(by.name(), proceed ? "ask.continue" : "ask.abort", run.target(),
        run.ref() + " " + q.step() + " via " + via + (reason.isBlank() ? "" : ": " + reason),
        state.label());
    Optional.ofNullable(answeredHere.get(key(q.runId(), q.step())))
        .ifPresent(CountDownLatch::countDown);
    return new Answered(q, run, proceed);
  }

  /** The people who may answer, by name, for the question's message. */
  List<String> peopleWhoMayAnswer(RunInfo run, List<String> answerFrom) {
    Question probe = new Question(run.id(), "", "", List.of(), answerFrom, now(), now(),
        Question.State.WAITING, Optional.empty(), Optional.empty(), Optional.empty());
    return access.people().stream().filter(p -> mayAnswer(p, probe, run)).map(Person::name)
        .sorted().toList();
  }

  private boolean mayAnswer(Person person, Question q, RunInfo run) {
    if (!q.answerFrom().isEmpty()) {
      return q.answerFrom().stream().anyMatch(person.groups()::contains);
    }
    // A check, not an approval: the requester may confirm it, as may anyone who may run it.
    return person.name().equals(run.requestedBy()) || Action.fromConfig(run.runbook())
        .map(a -> access.allows(person, a, run.target())).orElse(false);
  }

  private String whoMayAnswer(Question q, RunInfo run) {
    if (!q.answerFrom().isEmpty()) {
      return "members of " + String.join(" or ", q.answerFrom());
    }
    return run.requestedBy() + " or people who may " + run.runbook() + " " + run.target();
  }

  private Question only(Person by) {
    List<Question> all = questions.allWaiting();
    List<Question> mine = all.stream().filter(q -> runs.apply(q.runId())
        .map(r -> mayAnswer(by, q, r)).orElse(false)).toList();
    if (mine.size() == 1) {
      return mine.get(0);
    }
    if (mine.isEmpty()) {
      throw new NotFoundException(all.isEmpty() ? "No run is waiting for a confirmation."
          : "No run is waiting for your confirmation (" + String.join(", ", all.stream()
              .map(Question::ref).toList()) + (all.size() == 1 ? " waits" : " wait")
              + " for others).");
    }
    throw new LifeboatException("Several runs wait for a confirmation: " + String.join(", ",
        mine.stream().map(Question::ref).toList()) + ". Say which: /continue r12.");
  }

  private NotFoundException notWaiting(long runId) {
    return new NotFoundException("r" + runId + " is not waiting for a confirmation.");
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private static String key(long runId, String step) {
    return runId + "/" + step;
  }
}
