package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.util.json.GsonFactory;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Person;
import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What people see: the approval card, a run's message, and text that cannot break out. */
class SlackRenderingTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final SlackPeople people = new SlackPeople(new AccessPolicy(Map.of(
      "alice", new Person("alice", Set.of("on-call"), Map.of("slack", "U0ALICE")),
      "bob", new Person("bob", Set.of("tech-owners"), Map.of("slack", "U0BOB")),
      "carol", new Person("carol", Set.of("devops-leads"), Map.of()),
      "mallory", new Person("mallory", Set.of(), Map.of("slack", "<!channel>"))), Map.of()));

  @Test
  void anOpenRequestNamesWhoMayApproveAndCarriesItsIdInButtonsAndBlockIds() {
    String json = json(ApprovalCard.render(request(ApprovalState.PENDING, List.of()),
        List.of("bob", "carol"), Optional.empty(), people));

    assertThat(json).contains("asked by <@U0ALICE>")
        .contains("Needs 1 approval from <@U0BOB>, *carol*")
        .contains("\"action_id\":\"lifeboat_approve\"").contains("\"action_id\":\"lifeboat_deny\"")
        .contains("\"value\":\"7\"").contains("\"block_id\":\"lifeboat-approval-a7\"")
        .contains("Replace shop with shop-b1 &lt;now&gt;");
    assertThat(ApprovalCard.requestId("lifeboat-approval-a7")).hasValue(7);
    assertThat(ApprovalCard.requestId("lifeboat-approval-a7-actions")).hasValue(7);
    assertThat(ApprovalCard.requestId("lifeboat-run-r7")).isEmpty();
    assertThat(ApprovalCard.requestId(null)).isEmpty();
  }

  @Test
  void aRestoreThatLetsUnfinishedMigrationsThroughSaysSoInBold() {
    ApprovalRequest plain = request(ApprovalState.PENDING, List.of());
    ApprovalRequest allowing = new ApprovalRequest(plain.id(), plain.runbook(), plain.target(),
        Map.of("backup", "shop-b1", "migrations", "allow-unfinished"), plain.planHash(),
        plain.requestedBy(), plain.origin(), plain.statement(), plain.required(),
        plain.createdAt(), plain.expiresAt(), plain.state(), plain.decidedBy(), plain.reason(),
        plain.runId(), plain.approvals());

    assertThat(json(ApprovalCard.render(allowing, List.of("bob"), Optional.empty(), people)))
        .contains(":warning: *Restores even if the backup's Prisma history has a failed or "
            + "unfinished migration (allow-unfinished-migrations)");
    assertThat(json(ApprovalCard.render(plain, List.of("bob"), Optional.empty(), people)))
        .doesNotContain("Prisma");
  }

  @Test
  void aClosedRequestHasNoButtonsAndSaysHowItEnded() {
    ApprovalRequest approved = request(ApprovalState.APPROVED,
        List.of(new Approval("bob", "hash", NOW, "reaction")));
    String json = json(ApprovalCard.render(approved, List.of("bob"),
        Optional.of(":+1: <@U0BOB> approved by reaction (1/1) · running r3"), people));

    assertThat(json).doesNotContain("lifeboat_approve").contains("Approved by <@U0BOB>")
        .contains("approved by reaction (1/1) · running r3").contains("state: approved");
  }

  @Test
  void aFailedRunShowsEachStepAndTheFirstLineOfTheError() {
    RunInfo run = new RunInfo(3, "backup", "shop", "alice", new Origin("slack", "C1", ""),
        Map.of("target", "shop"), NOW);
    RunProgress progress = new RunProgress(run, people.mention("alice"));
    progress.started(List.of("preflight", "dump"));
    progress.stepStarted("preflight");
    progress.stepFinished("preflight", LifeboatEvent.StepStatus.SUCCEEDED,
        Duration.ofMillis(40), Optional.empty());
    progress.stepStarted("dump");
    progress.progress("dump", 50, 200, "12 MB");
    assertThat(json(progress.render())).contains(":arrows_counterclockwise: `dump` · 25 % · 12 MB");

    progress.stepFinished("dump", LifeboatEvent.StepStatus.FAILED, Duration.ofSeconds(2),
        Optional.of("pg_dump: error: <connection lost>\nmore detail"));
    progress.finished(new LifeboatEvent.RunFinished(run, RunState.FAILED, Duration.ofSeconds(3),
        List.of(), Optional.of("dump: pg_dump: error: <connection lost>\nmore detail")));
    LiveMessage.Content content = progress.render();

    assertThat(content.text()).isEqualTo("r3 backup of shop failed after 3.0 s");
    assertThat(json(content)).contains(":x: *r3 · backup of shop* · asked by <@U0ALICE>")
        .contains(":white_check_mark: `preflight` · 40 ms")
        .contains(":x: `dump` · 2.0 s · pg_dump: error: &lt;connection lost&gt;")
        .contains("*Failed* after 3.0 s: dump: pg_dump: error: &lt;connection lost&gt;")
        .doesNotContain("more detail");
  }

  @Test
  void textFromPeopleCannotMentionTheChannelOrFakeALink() {
    assertThat(Mrkdwn.escape("<!channel> & <http://evil|click>"))
        .isEqualTo("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;");
    assertThat(people.mention("mallory")).isEqualTo("*mallory*");
    assertThat(people.mention("nobody")).isEqualTo("*nobody*");
    assertThat(Mrkdwn.truncate("x".repeat(5000), 3000)).hasSize(3000).endsWith("…");
  }

  private static ApprovalRequest request(ApprovalState state, List<Approval> approvals) {
    return new ApprovalRequest(7, "restore", "shop", Map.of("backup", "shop-b1"), "hash",
        "alice", new Origin("slack", "C1", ""), "Replace shop with shop-b1 <now>", 1, NOW,
        NOW.plus(Duration.ofMinutes(30)), state, Optional.empty(), Optional.empty(),
        Optional.empty(), approvals);
  }

  private static String json(LiveMessage.Content content) {
    return GsonFactory.createSnakeCase().newBuilder().disableHtmlEscaping().create()
        .toJson(content.blocks());
  }

  @Test
  void aDryRunPruneListsWhatWouldGoAndWhyTheRestStays() {
    dev.lifeboat.backup.BackupRecord kept = dev.lifeboat.testing.SyntheticBackups.record("shop",
        NOW.minus(Duration.ofHours(1)));
    dev.lifeboat.backup.BackupRecord old = dev.lifeboat.testing.SyntheticBackups.record("shop",
        NOW.minus(Duration.ofDays(40)));
    var report = new dev.lifeboat.retention.Pruner.Report("shop",
        new dev.lifeboat.retention.RetentionPolicy(7, 4, 12, 0, 3, Duration.ofDays(1)),
        new dev.lifeboat.retention.RetentionSelection.Result(List.of(
            new dev.lifeboat.retention.RetentionSelection.Kept(kept, List.of("daily 2026-11-23",
                "one of the 3 newest"))), List.of(old)), true, List.of());

    String text = new ReplyText(people).render(new dev.lifeboat.command.Reply.Pruned(report));

    assertThat(text).contains("*Retention of shop*: would delete 1, keeps 1")
        .contains("would delete `" + old.id() + "`")
        .contains("keeps `" + kept.id() + "`: daily 2026-11-23, one of the 3 newest");
  }
}
