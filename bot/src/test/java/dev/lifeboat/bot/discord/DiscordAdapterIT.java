package dev.lifeboat.bot.discord;

import dev.lifeboat.bot.chat.Await;
import static dev.lifeboat.bot.discord.DiscordHarness.ALICE;
import static dev.lifeboat.bot.discord.DiscordHarness.BOB;
import static dev.lifeboat.bot.discord.DiscordHarness.CAROL;
import static dev.lifeboat.bot.discord.DiscordHarness.CHANNEL;
import static dev.lifeboat.bot.discord.DiscordHarness.DANA;
import static dev.lifeboat.bot.discord.DiscordHarness.EVE;
import static dev.lifeboat.bot.discord.DiscordHarness.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Discord adapter end to end: the real JDA client against a fake Discord (REST and
 * gateway), a real Lifeboat on a real PostgreSQL. What is asserted is what people in the
 * channel would see.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class DiscordAdapterIT {
  @TempDir Path dir;

  @Test
  void backupNowIsDeferredThenEndsInOneEmbedWithTheSummary(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      assertThat(h.discord.registeredCommands()).extracting(c -> c.path("name").asText())
          .contains("backup", "verify", "restore", "drill", "runs", "cancel", "approvals");

      String interaction = h.slash(ALICE, "backup", "now", Map.of());

      FakeDiscord.Ack ack = h.ack(interaction);
      assertThat(ack.type()).as("deferred channel message with source").isEqualTo(5);
      assertThat(ack.ephemeral()).isTrue();
      assertThat(ack.micros()).as("ack time in µs").isLessThan(3_000_000);
      assertThat(h.answer(interaction)).contains("r1 started: backup of shop");
      FakeDiscord.Message started = h.message("the run's message",
          m -> m.embeds().contains("r1 · backup of shop"));
      FakeDiscord.Message done = h.messageAt(started.id(), "the final summary",
          m -> m.embeds().contains("Succeeded"));

      assertThat(done.embeds())
          .contains("**r1 · backup of shop** · asked by <@" + ALICE + ">")
          .contains("✅ 2/2 steps · ")
          .contains("**Succeeded** after")
          .containsPattern("`shop-\\d{8}-\\d{6}` · [0-9.]+ kB · 1 table · 1,234 rows")
          .contains("details in the thread");
      assertThat(done.colour()).isEqualTo(DiscordRenderer.GREEN);
      assertThat(h.discord.messages(CHANNEL)).as("one message per run").hasSize(1);
      Await.until("the full checksum in the thread", () -> h.discord.thread(started.id())
          .stream().filter(r -> r.content().matches("(?s).*sha256 `[0-9a-f]{64}`.*"))
          .findFirst());
    }
  }

  @Test
  void aRestoreApprovedByTheButtonStartsAndTheRequestShowsWhoApproved(TestPostgres pg)
      throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      h.backupOutsideDiscord();
      String asked = h.slash(ALICE, "restore", null, Map.of("target", "shop"));
      assertThat(h.answer(asked)).contains("Asked for approval as `a1`");
      FakeDiscord.Message request = request(h);
      assertThat(request.content()).as("the text above the card pings the approvers")
          .contains("needs approval from <@&" + FakeDiscord.TECH_OWNERS_ROLE + ">")
          .contains("<@" + BOB + ">").contains("<@" + CAROL + ">");
      assertThat(request.allowedMentions().path("parse")).as("nothing else pings").isEmpty();
      assertThat(request.allowedMentions().path("roles").toString())
          .contains(FakeDiscord.TECH_OWNERS_ROLE);
      assertThat(request.buttons()).containsExactly("lifeboat:approve:1", "lifeboat:deny:1");
      assertThat(request.embeds()).contains("asked by <@" + ALICE + ">");
      assertThat(request.colour()).isEqualTo(DiscordRenderer.AMBER);

      String click = h.discord.click(BOB, request.id(), "lifeboat:approve:1");

      assertThat(h.ack(click).ephemeral()).isTrue();
      assertThat(h.answer(click)).contains("a1");
      FakeDiscord.Message approved = h.messageAt(request.id(), "the request marked approved",
          m -> m.embeds().contains("approved by button"));
      assertThat(approved.embeds()).contains("<@" + BOB + "> approved by button (1/1) · "
          + "starting r2").contains("Approved by <@" + BOB + ">");
      assertThat(approved.buttons()).as("no buttons on a closed request").isEmpty();
      assertThat(approved.colour()).isEqualTo(DiscordRenderer.GREEN);
      assertThat(h.lifeboat.approvals().find(1).approvals()).singleElement()
          .satisfies(a -> assertThat(a.via()).isEqualTo("button"));
      FakeDiscord.Message run = h.message("the restore's run message",
          m -> m.embeds().contains("r2 · restore of shop"));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);
      h.messageAt(run.id(), "the restore's final state", m -> m.embeds().contains(" after "));
    }
  }

  @Test
  void aReactionFromSomeoneWhoHoldsOnlyTheApproverRoleApproves(TestPostgres pg)
      throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      h.backupOutsideDiscord();
      h.slash(ALICE, "restore", null, Map.of());
      FakeDiscord.Message request = request(h);

      // dana is in no people: entry; her tech-owners role makes her an approver.
      h.discord.react(DANA, request.id(), DiscordRenderer.APPROVE_REACTION);

      FakeDiscord.Message approved = h.messageAt(request.id(), "the request marked approved",
          m -> m.embeds().contains("approved by reaction"));
      assertThat(approved.embeds()).contains("<@" + DANA + "> approved by reaction (1/1)");
      assertThat(h.lifeboat.approvals().find(1).approvals()).singleElement()
          .satisfies(a -> assertThat(a.person()).isEqualTo("discord-" + DANA));
      assertThat(h.discord.messages(CHANNEL).stream().filter(m -> m.buttons()
          .contains("lifeboat:approve:1") || m.embeds().contains("a1 · restore")))
          .as("the same message was edited, no second one posted").hasSize(1);
      h.message("the restore's run message", m -> m.embeds().contains("r2 · restore of shop"));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);
    }
  }

  @Test
  void aReactionOnARunWaitingForItsChecklistAnswersIt(TestPostgres pg) throws Exception {
    String askingVerify = """
        name: verify
        params: {backup: {default: latest}, target: {}}
        steps:
          - id: confirm
            uses: ask
            timeout: 5m
            with: {prompt: "Log in works?", from: [tech-owners]}
        """;
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg),
        c -> c.runbook("verify", askingVerify))) {
      h.backupOutsideDiscord();
      h.slash(ALICE, "verify", null, Map.of());
      FakeDiscord.Message run = h.message("the run asking its question",
          m -> m.embeds().contains("r2 · verify of shop") && m.embeds().contains("Log in works?"));

      assertThat(run.buttons()).containsExactly("lifeboat:continue:2", "lifeboat:abort:2");

      // dana may answer through her tech-owners role alone.
      h.discord.react(DANA, run.id(), DiscordRenderer.APPROVE_REACTION);

      FakeDiscord.Message done = h.messageAt(run.id(), "the run's end",
          m -> m.embeds().contains("Succeeded"));
      assertThat(done.buttons()).isEmpty();
      assertThat(Await.until("the answer in the thread", () -> h.discord.thread(run.id())
          .stream().filter(r -> r.content().contains("confirmed")).findFirst()).content())
          .contains("<@" + DANA + "> confirmed `confirm`");

      h.slash(ALICE, "verify", null, Map.of());
      FakeDiscord.Message second = h.message("the second run asking",
          m -> m.embeds().contains("r3 · verify of shop") && m.embeds().contains("Log in"));
      String eve = h.discord.click(EVE, second.id(), "lifeboat:abort:3");
      assertThat(h.answer(eve)).contains("only members of tech-owners may answer r3");
      String bob = h.discord.click(BOB, second.id(), "lifeboat:abort:3");
      h.answer(bob);
      h.messageAt(second.id(), "the aborted run's end", m -> m.embeds().contains("Cancelled")
          || m.embeds().contains("Failed"));
    }
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      h.backupOutsideDiscord();
      h.slash(ALICE, "restore", null, Map.of());
      FakeDiscord.Message request = request(h);

      String click = h.discord.click(ALICE, request.id(), "lifeboat:approve:1");
      assertThat(h.answer(click)).as("only alice sees it: the deferred answer is ephemeral")
          .contains("⛔ **Refused:** you asked for a1, so your own approval does not count");
      assertThat(h.ack(click).ephemeral()).isTrue();
      h.discord.react(ALICE, request.id(), DiscordRenderer.APPROVE_REACTION);
      FakeDiscord.Message reply = h.message("the refusal of the reaction",
          m -> m.content().startsWith("<@" + ALICE + "> ⛔ **Refused:**"));
      assertThat(reply.allowedMentions().path("users").toString()).contains(ALICE);

      assertThat(h.lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.PENDING);
      assertThat(h.discord.message(request.id()).orElseThrow().embeds())
          .doesNotContain("approved by");
      assertThat(h.discord.message(request.id()).orElseThrow().buttons()).hasSize(2);
      assertThat(h.lifeboat.engine().recent(10)).as("only the backup ran").hasSize(1);
    }
  }

  @Test
  void strangersAndPeopleWhoMayNotApproveAreToldAndNothingChanges(TestPostgres pg)
      throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      String typed = h.slash(STRANGER, "backup", "now", Map.of());
      assertThat(h.answer(typed)).contains("Lifeboat does not know you yet")
          .contains("`discord: " + STRANGER + "`");
      assertThat(h.lifeboat.engine().recent(10)).isEmpty();

      h.backupOutsideDiscord();
      h.slash(ALICE, "restore", null, Map.of());
      FakeDiscord.Message request = request(h);
      String eve = h.discord.click(EVE, request.id(), "lifeboat:approve:1");
      assertThat(h.answer(eve)).contains("**Refused:** only tech-owners or devops-leads may "
          + "approve restore on shop");
      String stranger = h.discord.click(STRANGER, request.id(), "lifeboat:deny:1");
      assertThat(h.answer(stranger)).contains("Lifeboat does not know you yet");
      h.discord.react(STRANGER, request.id(), DiscordRenderer.DENY_REACTION);
      h.message("the refusal of the stranger's reaction", m -> m.content().startsWith(
          "<@" + STRANGER + ">") && m.content().contains("does not know you yet"));

      ApprovalRequest after = h.lifeboat.approvals().find(1);
      assertThat(after.state()).isEqualTo(ApprovalState.PENDING);
      assertThat(after.approvals()).isEmpty();
    }
  }

  @Test
  void aDuplicatedInteractionIsAnsweredOnceAndRunsOnce(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      ObjectNode interaction = h.discord.slashInteraction(ALICE, "backup", Optional.of("now"),
          Map.of());
      h.discord.send(interaction);
      h.discord.redeliver(interaction);
      String id = interaction.path("id").asText();
      h.ack(id);
      h.answer(id);
      h.lifeboat.engine().completion(1).get(2, TimeUnit.MINUTES);

      assertThat(h.lifeboat.engine().recent(10)).hasSize(1);
      assertThat(h.discord.secondCallbacks()).as("Discord would refuse a second ack").isEmpty();

      h.slash(ALICE, "restore", null, Map.of());
      FakeDiscord.Message request = request(h);
      // The same reaction twice (a resumed session may send it again).
      h.discord.react(BOB, request.id(), DiscordRenderer.APPROVE_REACTION);
      h.discord.react(BOB, request.id(), DiscordRenderer.APPROVE_REACTION);
      h.messageAt(request.id(), "the approval", m -> m.embeds().contains("approved by reaction"));
      h.lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES);

      assertThat(h.lifeboat.approvals().find(1).approvals()).hasSize(1);
      assertThat(h.discord.messages(CHANNEL)).as("no refusal replies")
          .noneMatch(m -> m.content().contains("Refused"));
      assertThat(h.lifeboat.engine().recent(10)).hasSize(2);
    }
  }

  @Test
  void theGatewayResumesAfterADropAndWhatWasMissedArrives(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      FakeGateway gateway = h.discord.gateway();
      assertThat(gateway.identifies()).isEqualTo(1);
      h.expectWarning("lost connection");

      gateway.drop();
      // Typed while Lifeboat is away: Discord keeps it for the resumed session.
      String missed = h.slash(ALICE, "runs", null, Map.of());
      Await.until("a resumed session", Duration.ofSeconds(30),
          () -> gateway.resumes() >= 1 && gateway.ready() ? Optional.of(true)
              : Optional.empty());
      assertThat(h.answer(missed)).contains("No runs yet.");

      gateway.askToReconnect();
      Await.until("a second resume", Duration.ofSeconds(30),
          () -> gateway.resumes() >= 2 && gateway.ready() ? Optional.of(true)
              : Optional.empty());
      String after = h.slash(ALICE, "backup", "list", Map.of());
      assertThat(h.answer(after)).contains("No backups yet.");
      assertThat(gateway.identifies()).as("resumed, never identified anew").isEqualTo(1);
      assertThat(h.adapter().problem()).isEmpty();
    }
  }

  @Test
  void anOutageDelaysTheFinalStateButDoesNotLoseIt(TestPostgres pg) throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      h.slash(ALICE, "backup", "now", Map.of());
      FakeDiscord.Message started = h.message("the run's message",
          m -> m.embeds().contains("r1 · backup of shop"));
      h.discord.unreachable(true);
      h.lifeboat.engine().completion(1).get(2, TimeUnit.MINUTES);
      // The final edit fails and is tried again, more than once, while Discord is away.
      Await.until("edits refused during the outage", () -> h.discord.refused() >= 2
          ? Optional.of(true) : Optional.empty());
      assertThat(h.discord.message(started.id()).orElseThrow().embeds())
          .doesNotContain("Succeeded");
      h.discord.unreachable(false);

      h.messageAt(started.id(), "the final summary", m -> m.embeds().contains("Succeeded"));
    }
  }

  @Test
  void interruptedRunsAreAnnouncedInTheNoticeChannelWithAMention(TestPostgres pg)
      throws Exception {
    TestDatabase db = shop(pg);
    try (var first = DiscordHarness.config(dir, db).start()) {
      java.time.Instant now = java.time.Instant.now();
      new dev.lifeboat.run.JdbcRunRepository(first.state()).create("backup", "shop", "hash",
          Map.of("target", "shop"), "alice", dev.lifeboat.run.Origin.of("console"), now,
          new dev.lifeboat.run.Instance("g0ne0001", "elsewhere", 1, Optional.empty()),
          now.minusMillis(1));
    }
    try (DiscordHarness h = DiscordHarness.start(dir, db)) {
      h.lifeboat.recover();
      FakeDiscord.Message notice = h.message("the interrupted-run notice",
          m -> m.content().contains("interrupted"));
      assertThat(notice.content()).contains("r1 backup of shop for <@" + ALICE + "> was "
          + "**interrupted**");
      assertThat(notice.allowedMentions().path("users").toString()).contains(ALICE);
    }
  }

  @Test
  void targetsAndBackupsCompleteFromTheCatalogForPeopleWhoMaySeeThem(TestPostgres pg)
      throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      h.backupOutsideDiscord();
      String backup = h.lifeboat.catalog().latest("shop").orElseThrow().id();

      String targets = h.discord.autocomplete(ALICE, "backup", Optional.of("now"), "target",
          "sh");
      assertThat(Await.until("target choices", () -> h.discord.choices(targets)))
          .containsExactly("shop");
      String backups = h.discord.autocomplete(ALICE, "restore", Optional.empty(), "backup",
          "");
      assertThat(Await.until("backup choices", () -> h.discord.choices(backups)))
          .containsExactly("latest", backup);
      String stranger = h.discord.autocomplete(STRANGER, "restore", Optional.empty(), "backup",
          "");
      assertThat(Await.until("no choices for a stranger", () -> h.discord.choices(stranger)))
          .isEmpty();
    }
  }

  @Test
  void alertsAndEscalationsArePostedInTheNoticeChannelAndPingWhoTheyMention(TestPostgres pg)
      throws Exception {
    try (DiscordHarness h = DiscordHarness.start(dir, shop(pg))) {
      dev.lifeboat.alert.Alert alert = new dev.lifeboat.alert.Alert(9, "shop", "rpo",
          "The newest good backup of shop is 1 d 2 h old, past its RPO of 1 d 1 h.", "default",
          java.time.Instant.now(), 1, Optional.empty(), Optional.empty(), Optional.empty());
      h.lifeboat.events().publish(new dev.lifeboat.event.LifeboatEvent.AlertRaised(alert,
          java.util.List.of("alice")));
      h.lifeboat.events().publish(new dev.lifeboat.event.LifeboatEvent.AlertEscalated(alert, 2,
          3, java.util.List.of("carol")));

      FakeDiscord.Message raised = h.message("the alert", m -> m.content().contains("al9")
          && m.content().contains("<@" + ALICE + ">"));
      assertThat(raised.allowedMentions().path("users").toString()).contains(ALICE);
      FakeDiscord.Message escalated = h.message("the escalation",
          m -> m.content().contains("level 2 of 3"));
      assertThat(escalated.content()).contains("<@" + CAROL + ">");
      assertThat(escalated.allowedMentions().path("users").toString()).contains(CAROL);
    }
  }

  private static FakeDiscord.Message request(DiscordHarness h) {
    return h.message("the approval request", m -> m.buttons().contains("lifeboat:approve:1"));
  }

  private static TestDatabase shop(TestPostgres pg) {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 1234)");
    return db;
  }
}
