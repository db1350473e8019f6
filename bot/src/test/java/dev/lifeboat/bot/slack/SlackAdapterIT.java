package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import static dev.lifeboat.bot.slack.SlackHarness.ALICE;
import static dev.lifeboat.bot.slack.SlackHarness.BOB;
import static dev.lifeboat.bot.slack.SlackHarness.CAROL;
import static dev.lifeboat.bot.slack.SlackHarness.CHANNEL;
import static dev.lifeboat.bot.slack.SlackHarness.EVE;
import static dev.lifeboat.bot.slack.SlackHarness.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slack adapter end to end: the real Bolt client in Socket Mode against a fake Slack, a real
 * Lifeboat on a real PostgreSQL. What is asserted is what people in the channel would see.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class SlackAdapterIT {
  @TempDir Path dir;

  @Test
  void backupNowAcksAtOnceAndEndsInOneMessageWithTheSummary(TestPostgres pg) throws Exception {
    TestDatabase db = shop(pg);
    try (SlackHarness h = SlackHarness.start(dir, db)) {
      String envelope = h.command(ALICE, "/backup now");

      assertThat(h.ack(envelope).micros()).as("ack time in µs").isLessThan(3_000_000);
      FakeSlack.Message started = h.message("the run's message",
          m -> m.text().startsWith("r1 backup of shop"));
      FakeSlack.Message done = h.messageAt(started.ts(), "the final summary",
          m -> m.text().contains("succeeded"));

      assertThat(done.text()).matches("r1 backup of shop succeeded after [0-9.]+ m?s");
      assertThat(done.blocks())
          .contains("*r1 · backup of shop* · asked by <@U0ALICE>")
          .contains(":white_check_mark: 2/2 steps · ")
          .contains("*Succeeded* after")
          .containsPattern("`shop-\\d{8}-\\d{6}` · [0-9.]+ kB · 1 table · 1,234 rows")
          .containsPattern("sha256 `[0-9a-f]{12}` · store local");
      // The whole checksum wraps on a phone: it is in the thread.
      Await.until("the full checksum in the thread", () -> h.slack.replies(CHANNEL,
          started.ts()).stream().filter(r -> r.text().matches("(?s).*sha256 `[0-9a-f]{64}`.*"))
          .findFirst());
      assertThat(h.slack.messages(CHANNEL)).as("one message per run").hasSize(1);
      assertThat(h.answer(envelope).text()).contains("r1 started: backup of shop");
      assertEditsPaced(h, started.ts());
    }
  }

  @Test
  void aRestoreApprovedByTheButtonStartsAndTheRequestShowsWhoApproved(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      h.backupOutsideSlack();
      String envelope = h.command(ALICE, "/restore");
      assertThat(h.answer(envelope).text()).contains("Asked for approval as `a1`")
          .contains("<@U0BOB>").contains("<@U0CAROL>");
      FakeSlack.Message request = request(h);
      assertThat(request.blocks()).contains("asked by <@U0ALICE>")
          .contains("Needs 1 approval from <@U0BOB>, <@U0CAROL>")
          .contains("\"action_id\":\"lifeboat_approve\"").contains("\"value\":\"1\"")
          .contains("\"block_id\":\"lifeboat-approval-a1\"");

      h.click(BOB, request.ts(), BlockKit.APPROVE, 1);

      FakeSlack.Message approved = h.messageAt(request.ts(), "the request marked approved",
          m -> m.blocks().contains("approved by button"));
      assertThat(approved.blocks()).contains("<@U0BOB> approved by button (1/1) · starting r2")
          .contains("Approved by <@U0BOB>").doesNotContain("lifeboat_approve");
      assertThat(h.lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.APPROVED);
      assertThat(h.lifeboat.approvals().find(1).approvals()).singleElement()
          .satisfies(a -> assertThat(a.via()).isEqualTo("button"));
      FakeSlack.Message run = h.message("the restore's run message",
          m -> m.text().startsWith("r2 restore of shop"));
      // The restore itself is the engine's; here it only has to start and reach an end.
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);
      h.messageAt(run.ts(), "the restore's final state", m -> m.text().contains(" after "));
    }
  }

  @Test
  void aReactionApprovesEvenAfterARestartForgotWhereTheRequestIs(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      h.backupOutsideSlack();
      h.command(ALICE, "/restore");
      FakeSlack.Message request = request(h);

      // A new adapter has no memory of the message: it reads it back to find the request.
      h.restartAdapter();
      h.react(CAROL, "white_check_mark", request.ts());

      FakeSlack.Message approved = h.messageAt(request.ts(), "the request marked approved",
          m -> m.blocks().contains("approved by reaction"));
      assertThat(approved.blocks()).contains("<@U0CAROL> approved by reaction (1/1)");
      assertThat(h.slack.calls("conversations.history")).as("no channel history needed: "
          + "the state database knows where the card is").isEmpty();
      assertThat(h.slack.messages(CHANNEL).stream()
          .filter(m -> m.blocks().contains("lifeboat-approval-a1\"")))
          .as("the same message was edited, no second one posted").hasSize(1);
      h.message("the restore's run message", m -> m.text().startsWith("r2 restore of shop"));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);
    }
  }

  /** A verify that only asks: the checklist is all there is to it. */
  private static final String ASKING_VERIFY = """
      name: verify
      params: {backup: {default: latest}, target: {}}
      steps:
        - id: confirm
          uses: ask
          timeout: 5m
          with: {prompt: "Log in works?", checklist: [Create a project], from: [tech-owners]}
      """;

  @Test
  void aChecklistIsAnsweredByTheContinueButtonAndRefusedToWhoMayNot(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg), s -> s,
        c -> c.runbook("verify", ASKING_VERIFY))) {
      h.backupOutsideSlack();
      h.command(ALICE, "/verify");
      FakeSlack.Message run = h.message("the run asking", m -> m.blocks()
          .contains("lifeboat_continue"));
      assertThat(run.blocks()).contains("*Log in works?*").contains("☐ Create a project")
          .contains("\"action_id\":\"lifeboat_abort\"").contains("\"value\":\"2\"")
          .contains("react :white_check_mark: or :x:");

      // eve is no tech owner: refused, only to her; the run still waits.
      h.click(EVE, run.ts(), BlockKit.CONTINUE, 2);
      h.ephemeral(EVE, "only members of tech-owners may answer r2");
      h.click(BOB, run.ts(), BlockKit.CONTINUE, 2);

      assertThat(h.lifeboat.engine().completion(2).get(1, TimeUnit.MINUTES))
          .isEqualTo(dev.lifeboat.run.RunState.SUCCEEDED);
      FakeSlack.Message done = h.messageAt(run.ts(), "the run's final state",
          m -> m.text().contains("succeeded"));
      assertThat(done.blocks()).doesNotContain("lifeboat_continue");
      Await.until("the answer in the thread", () -> h.slack.replies(CHANNEL, run.ts()).stream()
          .filter(r -> r.text().contains("<@U0BOB> confirmed `confirm`")).findFirst());
      assertThat(h.lifeboat.audit().recent(20)).anySatisfy(e -> assertThat(e.detail())
          .isEqualTo("r2 confirm via button"));
    }
  }

  @Test
  void aCrossReactionOnTheWaitingRunAbortsIt(TestPostgres pg) throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg), s -> s,
        c -> c.runbook("verify", ASKING_VERIFY))) {
      h.backupOutsideSlack();
      h.command(ALICE, "/verify");
      FakeSlack.Message run = h.message("the run asking", m -> m.blocks()
          .contains("lifeboat_continue"));

      h.react(BOB, "x", run.ts());

      assertThat(h.lifeboat.engine().completion(2).get(1, TimeUnit.MINUTES))
          .isEqualTo(dev.lifeboat.run.RunState.FAILED);
      FakeSlack.Message done = h.messageAt(run.ts(), "the run's final state",
          m -> m.text().contains("failed"));
      assertThat(done.blocks()).contains("*Failed* after")
          .contains("aborted by bob at the checklist confirm");
      assertThat(h.lifeboat.audit().recent(20)).anySatisfy(e -> assertThat(e.detail())
          .isEqualTo("r2 confirm via reaction"));
    }
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest(TestPostgres pg) throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      h.backupOutsideSlack();
      h.command(ALICE, "/restore");
      FakeSlack.Message request = request(h);

      h.click(ALICE, request.ts(), BlockKit.APPROVE, 1);
      h.ephemeral(ALICE, "*Refused:* you asked for a1, so your own approval does not count");
      h.react(ALICE, "white_check_mark", request.ts());
      Await.until("a second refusal", () -> h.slack.calls("chat.postEphemeral").size() == 2
          ? Optional.of(true) : Optional.empty());

      assertThat(h.lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.PENDING);
      assertThat(h.slack.message(CHANNEL, request.ts()).orElseThrow().blocks())
          .doesNotContain("approved by").contains("lifeboat_approve");
      assertThat(h.lifeboat.engine().recent(10)).as("only the backup ran").hasSize(1);
    }
  }

  @Test
  void strangersAndPeopleWhoMayNotApproveAreToldPolitelyAndNothingChanges(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      String envelope = h.command(STRANGER, "/backup now");
      assertThat(h.answer(envelope).text()).contains("Lifeboat does not know you yet")
          .contains("`slack: U0NOBODY`");
      assertThat(h.lifeboat.engine().recent(10)).isEmpty();

      h.backupOutsideSlack();
      h.command(ALICE, "/restore");
      FakeSlack.Message request = request(h);
      h.click(EVE, request.ts(), BlockKit.APPROVE, 1);
      h.ephemeral(EVE, "*Refused:* only tech-owners or devops-leads may approve restore on shop");
      h.react(STRANGER, "white_check_mark", request.ts());
      h.ephemeral(STRANGER, "*Refused:* Lifeboat does not know you yet");
      h.react(EVE, "x", request.ts());
      h.ephemeral(EVE, "only the requester (alice) or tech-owners or devops-leads may deny");

      ApprovalRequest after = h.lifeboat.approvals().find(1);
      assertThat(after.state()).isEqualTo(ApprovalState.PENDING);
      assertThat(after.approvals()).isEmpty();
      String eveCommand = h.command(EVE, "/backup now");
      assertThat(h.answer(eveCommand).text()).contains(":no_entry: *Refused:* eve may not take "
          + "backups on shop.");
    }
  }

  @Test
  void redeliveredEnvelopesAreAckedButRunOnce(TestPostgres pg) throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      String line = "/backup now";
      String first = h.commandEnvelope("env-a", ALICE, line, "trigger-a", "cmd-a", 0);
      h.slack.socketMode().send("env-a", first);
      // Slack's retry of the same command: same envelope, and the same command anew.
      h.slack.socketMode().send("env-a", first);
      h.slack.socketMode().send("env-b", h.commandEnvelope("env-b", ALICE, line, "trigger-a",
          "cmd-b", 1));
      h.ack("env-a");
      h.ack("env-b");
      h.lifeboat.engine().completion(1).get(2, TimeUnit.MINUTES);

      assertThat(h.lifeboat.engine().recent(10)).hasSize(1);
      Await.until("the answer", () -> h.slack.responses().isEmpty() ? Optional.empty()
          : Optional.of(true));
      assertThat(h.slack.responses()).as("only the first delivery is answered").hasSize(1);

      h.command(ALICE, "/restore");
      FakeSlack.Message request = request(h);
      String reaction = Envelopes.envelope("env-r1", "events_api", Envelopes.reaction("EvSame",
          BOB, "white_check_mark", CHANNEL, request.ts()), 0);
      h.slack.socketMode().send("env-r1", reaction);
      h.slack.socketMode().send("env-r2", Envelopes.envelope("env-r2", "events_api",
          Envelopes.reaction("EvSame", BOB, "white_check_mark", CHANNEL, request.ts()), 1));
      h.ack("env-r1");
      h.ack("env-r2");
      h.messageAt(request.ts(), "the approval", m -> m.blocks().contains("approved by reaction"));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);

      assertThat(h.lifeboat.approvals().find(1).approvals()).hasSize(1);
      assertThat(h.slack.calls("chat.postEphemeral")).as("no 'already approved' refusal")
          .isEmpty();
      assertThat(h.lifeboat.engine().recent(10)).hasSize(2);
    }
  }

  @Test
  void theSocketReconnectsAfterADropAndAfterADisconnectRequest(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      FakeSocketMode socket = h.slack.socketMode();
      assertThat(socket.connections()).isEqualTo(1);

      socket.drop();
      Await.until("a new connection after the drop", Duration.ofSeconds(30),
          () -> socket.connected() && socket.connections() == 2 ? Optional.of(true)
              : Optional.empty());
      String afterDrop = h.command(ALICE, "/runs");
      assertThat(h.answer(afterDrop).text()).contains("No runs yet.");

      socket.disconnect();
      Await.until("a new connection after the disconnect envelope", Duration.ofSeconds(10),
          () -> socket.connections() == 3 && socket.connected() ? Optional.of(true)
              : Optional.empty());
      String afterDisconnect = h.command(ALICE, "/backup list");
      assertThat(h.answer(afterDisconnect).text()).contains("No backups yet.");
      assertThat(h.slack.calls("apps.connections.open")).hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aRateLimitedEditIsRetriedAfterRetryAfterAndTheFinalStateArrives(TestPostgres pg)
      throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      h.slack.fail("chat.update", 429, Optional.of(1), 1);
      h.command(ALICE, "/backup now");

      FakeSlack.Message started = h.message("the run's message",
          m -> m.text().startsWith("r1 backup of shop"));
      h.messageAt(started.ts(), "the final summary", m -> m.text().contains("succeeded"));

      List<FakeSlack.Call> updates = h.slack.calls("chat.update");
      assertThat(updates.size()).isGreaterThanOrEqualTo(2);
      long waited = updates.get(1).nanos() - updates.get(0).nanos();
      assertThat(Duration.ofNanos(waited)).as("waited for Retry-After: 1")
          .isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }
  }

  @Test
  void anOutageDelaysTheFinalStateButDoesNotLoseIt(TestPostgres pg) throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg))) {
      h.command(ALICE, "/backup now");
      FakeSlack.Message started = h.message("the run's message",
          m -> m.text().startsWith("r1 backup of shop"));
      // Slack fails every edit for a while: 503, 503, 503 (no Retry-After), then recovers.
      h.slack.fail("chat.update", 503, Optional.empty(), 3);
      h.lifeboat.engine().completion(1).get(2, TimeUnit.MINUTES);

      h.messageAt(started.ts(), "the final summary", m -> m.text().contains("succeeded"));
      assertThat(h.slack.calls("chat.update").size()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void interruptedRunsAreAnnouncedInTheConfiguredChannelWithAMention(TestPostgres pg)
      throws Exception {
    TestDatabase db = shop(pg);
    // A run a gone process left unfinished in the state database, started at a console; its
    // lease ran out.
    try (var first = SlackHarness.lifeboat(dir, db)) {
      java.time.Instant now = java.time.Instant.now();
      new dev.lifeboat.run.JdbcRunRepository(first.state()).create("backup", "shop", "hash",
          java.util.Map.of("target", "shop"), "alice", dev.lifeboat.run.Origin.of("console"),
          now, new dev.lifeboat.run.Instance("g0ne0001", "elsewhere", 1,
              java.util.Optional.empty()), now.minusMillis(1));
    }
    try (SlackHarness h = SlackHarness.start(dir, db, s -> s.withChannel("C0NOTICES"))) {
      h.lifeboat.recover();
      FakeSlack.Message notice = Await.until("the interrupted-run notice",
          () -> h.slack.messages("C0NOTICES").stream().findFirst());
      assertThat(notice.blocks()).contains("r1 backup of shop for <@U0ALICE> was *interrupted*");
    }
  }

  @Test
  void alertsGoToTheConfiguredChannelAndMentionWhoIsPinged(TestPostgres pg) throws Exception {
    try (SlackHarness h = SlackHarness.start(dir, shop(pg), s -> s.withChannel("C0ALERTS"))) {
      dev.lifeboat.alert.Alert alert = new dev.lifeboat.alert.Alert(9, "shop", "rpo",
          "The newest good backup of shop is 1 d 2 h old, past its RPO of 1 d 1 h.", "default",
          java.time.Instant.now(), 1, Optional.empty(), Optional.empty(), Optional.empty());
      h.lifeboat.events().publish(new dev.lifeboat.event.LifeboatEvent.AlertRaised(alert,
          List.of("alice")));
      h.lifeboat.events().publish(new dev.lifeboat.event.LifeboatEvent.AlertEscalated(alert, 2,
          3, List.of("carol")));
      h.lifeboat.events().publish(new dev.lifeboat.event.LifeboatEvent.AlertResolved(alert,
          Duration.ofMinutes(20)));
      List<FakeSlack.Message> posted = Await.until("three alert messages", () -> Optional.of(
          h.slack.messages("C0ALERTS")).filter(m -> m.size() == 3));
      // Each is a message of its own, so each ping notifies; their order is the outbox's.
      assertThat(posted).extracting(FakeSlack.Message::blocks)
          .anySatisfy(b -> assertThat(b).contains("`al9` *shop*: The newest good backup")
              .contains("<@U0ALICE>").contains("/ack al9"))
          .anySatisfy(b -> assertThat(b).contains("level 2 of 3").contains("<@U0CAROL>"))
          .anySatisfy(b -> assertThat(b).contains("`al9` resolved after 20 min"));
    }
  }

  private static FakeSlack.Message request(SlackHarness h) {
    return h.message("the approval request", m -> m.blocks().contains("lifeboat-approval-a1\""));
  }

  /** Consecutive writes to one message are at least the update interval apart. */
  private static void assertEditsPaced(SlackHarness h, String ts) {
    List<Long> times = h.slack.calls().stream()
        .filter(c -> (c.method().equals("chat.update") && c.param("ts").equals(ts))
            || (c.method().equals("chat.postMessage") && c.param("thread_ts").isEmpty()
                && c.param("channel").equals(CHANNEL)))
        .map(FakeSlack.Call::nanos).toList();
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.ofNanos(times.get(i) - times.get(i - 1)))
          .as("gap before write %d of %d", i + 1, times.size())
          .isGreaterThanOrEqualTo(Duration.ofMillis(1150));
    }
  }

  private static TestDatabase shop(TestPostgres pg) {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 1234)");
    return db;
  }
}
