package dev.lifeboat.ask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.Group;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.testing.StepHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ask step: a run waits for a person's Continue or Abort, given by whoever may run it (the
 * requester included), answered once, audited; Abort and the timeout fail the run safely.
 */
class AskStepTest {
  private static final Person ALICE = new Person("alice", Set.of("on-call"), Map.of());
  private static final Person BOB = new Person("bob", Set.of("tech-owners"), Map.of());
  private static final Person EVE = new Person("eve", Set.of(), Map.of());

  @TempDir Path dir;
  private StepHarness harness;
  private Inquiries inquiries;
  private AuditLog audit;
  private final List<String> cleanups = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    AccessPolicy access = new AccessPolicy(
        Map.of("alice", ALICE, "bob", BOB, "eve", EVE),
        Map.of("on-call", new Group("on-call", Set.of(Action.VERIFY, Action.RESTORE), List.of("*")),
            "tech-owners", new Group("tech-owners", Set.of(Action.APPROVE, Action.VERIFY),
                List.of("*"))));
    harness = new StepHarness(dir, state -> {
      audit = new AuditLog(state, Clock.systemUTC());
      JdbcRunRepository runs = new JdbcRunRepository(state);
      inquiries = new Inquiries(state, access, audit, Clock.systemUTC(),
          id -> runs.find(id).map(RunRecord::info));
      Step cleanup = c -> cleanups.add(c.step().id());
      return Map.of("ask", new AskStep(inquiries, Set.of("on-call", "tech-owners"),
          Clock.systemUTC()), "cleanup", cleanup);
    }, Map.of());
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static String runbook(String timeout, String with) {
    return "name: verify\nsteps:\n  - {id: smoke, uses: ask, timeout: " + timeout + ", with: "
        + with + "}\n  - {id: thaw, uses: cleanup, always: true}\n";
  }

  private static final String CHECKLIST = "{prompt: 'Before the swap:', checklist: ['Log in "
      + "works?', 'Create a project?', 'Upload and play a video?']}";

  private void awaitQuestion(RunInfo run) throws InterruptedException {
    for (int i = 0; i < 500 && harness.events().stream().noneMatch(e ->
        e instanceof LifeboatEvent.QuestionAsked q && q.run().id() == run.id()); i++) {
      Thread.sleep(10);
    }
  }

  @Test
  void aConfirmationByAnotherAllowedPersonLetsTheRunGoOnAndIsAudited() throws Exception {
    RunInfo run = harness.start(runbook("1m", CHECKLIST), "alice");
    awaitQuestion(run);

    LifeboatEvent.QuestionAsked asked = harness.events().stream()
        .filter(LifeboatEvent.QuestionAsked.class::isInstance)
        .map(LifeboatEvent.QuestionAsked.class::cast).findFirst().orElseThrow();
    assertThat(asked.checklist()).containsExactly("Log in works?", "Create a project?",
        "Upload and play a video?");
    assertThat(asked.mayAnswer()).containsExactly("alice", "bob");

    assertThatThrownBy(() -> inquiries.answer(EVE, Optional.empty(), true, "", "command"))
        .isInstanceOf(NotFoundException.class).hasMessage("No run is waiting for your "
            + "confirmation (r" + run.id() + " waits for others).");
    assertThatThrownBy(() -> inquiries.answer(EVE, Optional.of(run.id()), true, "", "command"))
        .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refused: only alice "
            + "or people who may verify shop may answer r" + run.id());

    Inquiries.Answered answered = inquiries.answer(BOB, Optional.empty(), true, "", "button");
    assertThat(answered.run().id()).isEqualTo(run.id());
    RunFinished finished = harness.await(run);

    assertThat(finished.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(harness.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        LifeboatEvent.QuestionAnswered.class, a -> {
          assertThat(a.by()).isEqualTo("bob");
          assertThat(a.proceed()).isTrue();
        }));
    assertThat(audit.recent(10)).anySatisfy(e -> {
      assertThat(e.actor()).isEqualTo("bob");
      assertThat(e.action()).isEqualTo("ask.continue");
      assertThat(e.detail()).contains("r" + run.id() + " smoke via button");
    });
    assertThatThrownBy(() -> inquiries.answer(ALICE, Optional.of(run.id()), false, "", "command"))
        .isInstanceOf(NotFoundException.class).hasMessage("r" + run.id()
            + " is not waiting for a confirmation.");
  }

  @Test
  void anAbortFailsTheRunAndItsAlwaysStepsStillRun() throws Exception {
    RunInfo run = harness.start(runbook("1m", CHECKLIST), "alice");
    awaitQuestion(run);

    inquiries.answer(ALICE, Optional.of(run.id()), false, "uploads fail", "command");
    RunFinished finished = harness.await(run);

    assertThat(finished.state()).isEqualTo(RunState.FAILED);
    assertThat(finished.error().orElseThrow()).contains("aborted by alice: uploads fail at the "
        + "checklist smoke");
    assertThat(cleanups).containsExactly("thaw");
  }

  @Test
  void runningOutOfTimeFailsTheRunAndALateAnswerIsRefused() throws Exception {
    RunInfo run = harness.start(runbook("1s", CHECKLIST), "alice");
    RunFinished finished = harness.await(run);

    assertThat(finished.state()).isEqualTo(RunState.FAILED);
    assertThat(cleanups).containsExactly("thaw");
    assertThatThrownBy(() -> inquiries.answer(BOB, Optional.of(run.id()), true, "", "command"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void anAnswerRecordedByAnotherProcessReachesTheWaitingStep() throws Exception {
    RunInfo run = harness.start(runbook("1m", "{prompt: 'Go on?', from: [tech-owners]}"),
        "alice");
    awaitQuestion(run);
    // Another Lifeboat process on the same state database: its own Inquiries, no shared memory.
    JdbcRunRepository runs = new JdbcRunRepository(harness.state());
    Inquiries elsewhere = new Inquiries(harness.state(), new AccessPolicy(Map.of("bob", BOB),
        Map.of()), audit, Clock.systemUTC(), id -> runs.find(id).map(RunRecord::info));

    assertThatThrownBy(() -> inquiries.answer(ALICE, Optional.of(run.id()), true, "", "command"))
        .as("from: [tech-owners] leaves the requester out").isInstanceOf(
            NotAuthorizedException.class).hasMessageContaining("only members of tech-owners");
    elsewhere.answer(BOB, Optional.of(run.id()), true, "", "reaction");

    assertThat(harness.await(run).state()).isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void aMisspeltGroupOrAnEmptyQuestionIsRefusedAtLoad() {
    assertThat(harness.problems(runbook("1m", "{checklist: ['ok?'], from: [tech-owner]}")))
        .containsExactly("runbooks/test.yaml: steps[0].with.from: no group named 'tech-owner' "
            + "in lifeboat.yaml (known: on-call, tech-owners)");
    assertThat(harness.problems(runbook("1m", "{from: [on-call]}")))
        .containsExactly("runbooks/test.yaml: steps[0].with: say what to confirm: prompt: TEXT "
            + "and/or checklist: [ITEM, ...]");
  }
}
