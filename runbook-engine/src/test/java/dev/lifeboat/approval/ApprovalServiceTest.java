package dev.lifeboat.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.audit.AuditEntry;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunState;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Plans;
import dev.lifeboat.runbook.Runbook;
import dev.lifeboat.runbook.RunbookLoader;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule with the real state database and audit log; the destructive runbook's
 * steps are stand-ins that only record that they ran.
 */
class ApprovalServiceTest {
  private static final String RUNBOOK = """
      name: restore
      destructive: true
      approval: {required: %d, from: [tech-owners, devops-leads], expires: 30m}
      params: {backup: {}, target: {}, mode: {default: side-by-side}}
      steps:
        - {id: restore, uses: fake.restore}
      """;

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final RecordingSink events = new RecordingSink();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private LifeboatConfig config;
  private StateDatabase state;
  private RunEngine engine;
  private AuditLog audit;
  private Plans plans;
  private ApprovalService approvals;

  @BeforeEach
  void start() throws Exception {
    start(1, false);
  }

  private void start(int required, boolean breakGlass) throws Exception {
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app", "pw")
        .extra(breakGlass ? "approvals: {break_glass: true}\n" : "");
    Path file = test.write();
    // dave is on call like alice: allowed to ask for restores, not to approve them.
    Files.writeString(file, Files.readString(file).replace("  eve: {}",
        "  eve: {}\n  dave: {groups: [on-call]}"));
    try (var shipped = Files.list(dir.resolve("runbooks"))) {
      for (Path f : shipped.toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(dir.resolve("runbooks/restore.yaml"), RUNBOOK.formatted(required));
    config = new dev.lifeboat.config.ConfigLoader(test.environment()).load(file);
    state = StateDatabase.open(config.state());
    Map<String, Step> steps = Map.of("fake.restore",
        c -> ran.add(c.param("backup").orElseThrow()));
    engine = new RunEngine(new JdbcRunRepository(state), steps, events, clock);
    audit = new AuditLog(state, clock);
    reload(steps);
  }

  /** (Re)loads the runbooks, as a restart after an edit would. */
  private void reload(Map<String, Step> steps) {
    Map<String, Runbook> runbooks = new RunbookLoader(steps, Map.of())
        .load(config.runbooks());
    plans = new Plans(runbooks, config.runbooks());
    approvals = new ApprovalService(new JdbcApprovalRepository(state), plans, engine, config,
        audit, events, clock);
  }

  @AfterEach
  void stop() {
    engine.close();
    state.close();
  }

  private ApprovalRequest requestByAlice() {
    Plan plan = plans.build("restore", config.target("shop"), Map.of("backup", "shop-b1"),
        "alice");
    return approvals.request(plan, Origin.of("test"), "Replace shop with shop-b1.");
  }

  private Person person(String name) {
    return config.access().person(name);
  }

  @Test
  void theRequestNamesWhoMayApproveAndNothingRunsYet() {
    ApprovalRequest request = requestByAlice();

    assertThat(events.of(LifeboatEvent.ApprovalRequested.class)).singleElement().satisfies(e ->
        assertThat(e.approvers()).containsExactly("bob", "carol"));
    assertThat(request.expiresAt()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
    assertThat(engine.recent(10)).isEmpty();
    assertThat(lastAudit()).satisfies(a -> {
      assertThat(a.actor()).isEqualTo("alice");
      assertThat(a.outcome()).isEqualTo("pending");
    });
  }

  @Test
  void aSecondPersonsApprovalRunsThePlan() throws Exception {
    ApprovalRequest request = requestByAlice();

    ApprovalService.Decision d = approvals.approve(request.id(), person("bob"), "reaction");

    assertThat(d.count()).isEqualTo(1);
    assertThat(d.run()).isPresent();
    assertThat(engine.completion(d.run().get().id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(ran).containsExactly("shop-b1");
    assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.APPROVED);
    assertThat(approvals.find(request.id()).runId()).contains(d.run().get().id());
    assertThat(audit.recent(3)).extracting(AuditEntry::actor).contains("bob", "lifeboat");
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest() {
    ApprovalRequest request = requestByAlice();

    assertThatThrownBy(() -> approvals.approve(request.id(), person("alice"), "command"))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("you asked for " + request.ref() + ", so your own approval does "
            + "not count");
    assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(approvals.find(request.id()).approvals()).isEmpty();
    assertThat(engine.recent(10)).isEmpty();
    assertThat(lastAudit().outcome()).isEqualTo("refused");
  }

  @Test
  void peopleOutsideTheApproverGroupsAreRefusedAndChangeNothing() {
    ApprovalRequest request = requestByAlice();

    for (String outsider : List.of("eve", "dave")) {
      assertThatThrownBy(() -> approvals.approve(request.id(), person(outsider), "button"))
          .isInstanceOf(NotAuthorizedException.class)
          .hasMessage("only tech-owners or devops-leads may approve restore on shop, and "
              + outsider + " is not one of them. Nothing changed.");
      assertThat(lastAudit().actor()).isEqualTo(outsider);
      assertThat(lastAudit().outcome()).isEqualTo("refused");
    }
    assertThat(approvals.find(request.id()).approvals()).isEmpty();
    assertThat(engine.recent(10)).isEmpty();
  }

  @Test
  void anExpiredRequestCannotBeApproved() {
    ApprovalRequest request = requestByAlice();
    clock.advance(Duration.ofMinutes(30));

    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "button"))
        .isInstanceOf(LifeboatException.class)
        .hasMessageStartingWith(request.ref() + " is closed: expired");
    assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.EXPIRED);
    assertThat(events.of(LifeboatEvent.ApprovalExpired.class)).hasSize(1);
    assertThat(engine.recent(10)).isEmpty();
  }

  @Test
  void requestsExpireOnTheirOwnWhenTheClockPassesTheirDeadline() {
    ApprovalRequest request = requestByAlice();
    clock.advance(Duration.ofMinutes(29));
    assertThat(approvals.expireDue()).isEmpty();

    clock.advance(Duration.ofMinutes(1));

    assertThat(approvals.expireDue()).extracting(ApprovalRequest::id)
        .containsExactly(request.id());
    assertThat(approvals.pending()).isEmpty();
    assertThat(audit.recent(1).get(0).action()).isEqualTo("expire");
  }

  @Test
  void duplicateApprovalsFromOnePersonCountOnce() throws Exception {
    stop();
    start(2, false);
    ApprovalRequest request = requestByAlice();

    approvals.approve(request.id(), person("bob"), "button");
    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "reaction"))
        .hasMessageStartingWith("You already approved " + request.ref() + "; it counts once. "
            + "It needs 1 more");

    assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(engine.recent(10)).isEmpty();
    ApprovalService.Decision d = approvals.approve(request.id(), person("carol"), "button");
    assertThat(d.count()).isEqualTo(2);
    assertThat(d.run()).isPresent();
  }

  /**
   * Finding 2: with required: 1, alice asks, someone edits restore.yaml, bob approves: the
   * edited plan, which nobody was shown, used to start at once.
   */
  @Test
  void anEditedRunbookVoidsARequestNeedingOneApprovalAndNothingRuns() throws Exception {
    ApprovalRequest request = requestByAlice();
    editRunbook();

    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "button"))
        .hasMessageStartingWith(request.ref() + " is void: the restore runbook "
            + "(runbooks/restore.yaml) was edited since alice asked for it")
        .hasMessageContaining("Nothing ran")
        .hasMessageContaining("(/restore shop-b1 shop)");

    assertThatVoidedAndNothingRan(request, "bob");
  }

  @Test
  void anEditedRunbookVoidsARequestNeedingTwoApprovalsEvenAfterTheFirst() throws Exception {
    stop();
    start(2, false);
    ApprovalRequest request = requestByAlice();
    assertThat(approvals.approve(request.id(), person("bob"), "button").count()).isEqualTo(1);
    editRunbook();

    assertThatThrownBy(() -> approvals.approve(request.id(), person("carol"), "button"))
        .hasMessageStartingWith(request.ref() + " is void: the restore runbook");
    assertThatVoidedAndNothingRan(request, "carol");
    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "button"))
        .as("not even the first approver can revive it")
        .hasMessageContaining("is closed: void: the restore runbook");
    assertThat(engine.recent(10)).isEmpty();
  }

  private void editRunbook() throws Exception {
    // Someone edits the runbook while the request waits; a process started since loads it.
    Path runbook = dir.resolve("runbooks/restore.yaml");
    Files.writeString(runbook, Files.readString(runbook) + "# jobs raised\n");
    reload(Map.of("fake.restore", c -> ran.add(c.param("backup").orElseThrow())));
  }

  private void assertThatVoidedAndNothingRan(ApprovalRequest request, String approver) {
    assertThat(engine.recent(10)).isEmpty();
    assertThat(ran).isEmpty();
    ApprovalRequest voided = approvals.find(request.id());
    assertThat(voided.state()).isEqualTo(ApprovalState.STALE);
    assertThat(voided.reason()).contains("the restore runbook (runbooks/restore.yaml) was "
        + "edited");
    assertThat(events.of(LifeboatEvent.ApprovalStale.class)).singleElement().satisfies(e -> {
      assertThat(e.request().id()).isEqualTo(request.id());
      assertThat(e.askAgain()).isEqualTo("/restore shop-b1 shop");
    });
    assertThat(lastAudit()).satisfies(a -> {
      assertThat(a.action()).isEqualTo("void");
      assertThat(a.outcome()).isEqualTo("stale");
      assertThat(a.detail()).contains(approver + "'s approval was not counted");
    });
  }

  @Test
  void aChangedTargetConnectionIsNamedAsTheChange() throws Exception {
    ApprovalRequest request = requestByAlice();
    Path file = config.file();
    Files.writeString(file, Files.readString(file).replace("port: 5432", "port: 5433"));
    config = new dev.lifeboat.config.ConfigLoader(Map.of("TEST_PASSWORD_SHOP", "pw")).load(file);
    reload(Map.of("fake.restore", c -> ran.add(c.param("backup").orElseThrow())));

    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "button"))
        .hasMessageContaining("the connection of target shop in lifeboat.yaml changed");
    assertThat(ran).isEmpty();
  }

  @Test
  void anApprovalThatFindsTheTargetBusyStartsNothingAndCanBeGivenAgain() throws Exception {
    stop();
    start(1, false);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Step> blocking = Map.of("fake.restore", c -> {
      ran.add(c.param("backup").orElseThrow());
      release.await();
    });
    engine.close();
    engine = new RunEngine(new JdbcRunRepository(state), blocking, events, clock);
    reload(blocking);
    ApprovalRequest first = requestByAlice();
    ApprovalRequest second = requestByAlice();
    ApprovalService.Decision running = approvals.approve(first.id(), person("bob"), "button");

    assertThatThrownBy(() -> approvals.approve(second.id(), person("carol"), "button"))
        .hasMessageContaining("shop is busy: " + running.run().orElseThrow().ref())
        .hasMessageContaining("Nothing of " + second.ref() + " ran and your approval was not "
            + "counted");
    assertThat(approvals.find(second.id()).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(approvals.find(second.id()).approvals()).isEmpty();

    release.countDown();
    engine.completion(running.run().get().id()).get(10, TimeUnit.SECONDS);
    ApprovalService.Decision later = approvals.approve(second.id(), person("carol"), "button");
    assertThat(later.run()).isPresent();
    engine.completion(later.run().get().id()).get(10, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("shop-b1", "shop-b1");
  }

  @Test
  void aDeniedRequestEndsAndCannotBeApprovedLater() {
    ApprovalRequest request = requestByAlice();

    approvals.deny(request.id(), person("carol"), "wrong backup", "command");

    assertThat(events.of(LifeboatEvent.ApprovalDenied.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("wrong backup"));
    assertThatThrownBy(() -> approvals.approve(request.id(), person("bob"), "button"))
        .hasMessage(request.ref() + " is closed: denied by carol.");
    assertThat(engine.recent(10)).isEmpty();
  }

  @Test
  void breakGlassIsRefusedUnlessTheConfigEnablesIt() {
    ApprovalRequest request = requestByAlice();

    assertThatThrownBy(() -> approvals.breakGlass(request.id(), person("alice"),
        "database is on fire and nobody answers"))
        .isInstanceOf(NotAuthorizedException.class)
        .hasMessageStartingWith("Break-glass is turned off in lifeboat.yaml");
    assertThat(engine.recent(10)).isEmpty();
  }

  @Test
  void breakGlassRunsAloneWithAReasonAndIsAnnouncedAndAudited() throws Exception {
    stop();
    start(1, true);
    ApprovalRequest request = requestByAlice();
    assertThatThrownBy(() -> approvals.breakGlass(request.id(), person("alice"), "urgent"))
        .hasMessageStartingWith("Break-glass needs a reason");

    var run = approvals.breakGlass(request.id(), person("alice"),
        "primary corrupted, tech owners unreachable");

    assertThat(engine.completion(run.id()).get(10, TimeUnit.SECONDS))
        .isEqualTo(RunState.SUCCEEDED);
    assertThat(events.of(LifeboatEvent.BreakGlassUsed.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("tech owners unreachable"));
    assertThat(approvals.find(request.id()).state()).isEqualTo(ApprovalState.BROKEN_GLASS);
    assertThat(audit.recent(5)).anySatisfy(a -> {
      assertThat(a.action()).isEqualTo("BREAK GLASS restore");
      assertThat(a.actor()).isEqualTo("alice");
    });
  }

  private AuditEntry lastAudit() {
    return audit.recent(1).get(0);
  }
}
