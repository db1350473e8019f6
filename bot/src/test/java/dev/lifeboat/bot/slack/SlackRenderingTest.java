package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.util.json.GsonFactory;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Person;
import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.ApprovalView;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
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
  private final BlockKit render = new BlockKit(new SlackPeople(new AccessPolicy(Map.of(
      "alice", new Person("alice", Set.of("on-call"), Map.of("slack", "U0ALICE")),
      "bob", new Person("bob", Set.of("tech-owners"), Map.of("slack", "U0BOB")),
      "carol", new Person("carol", Set.of("devops-leads"), Map.of()),
      "mallory", new Person("mallory", Set.of(), Map.of("slack", "<!channel>"))), Map.of())));

  @Test
  void anOpenRequestNamesWhoMayApproveAndCarriesItsIdInButtonsAndBlockIds() {
    ApprovalRequest open = request(ApprovalState.PENDING, List.of());
    String json = json(render.approval(ApprovalView.of(new LifeboatEvent.ApprovalRequested(open,
        List.of("bob", "carol")))));

    assertThat(json).contains("asked by <@U0ALICE>")
        .contains("Needs 1 approval from <@U0BOB>, *carol*")
        .contains("\"action_id\":\"lifeboat_approve\"").contains("\"action_id\":\"lifeboat_deny\"")
        .contains("\"value\":\"7\"").contains("\"block_id\":\"lifeboat-approval-a7\"")
        .contains("Will restore shop-b1 &lt;now&gt;").contains("never verified");
  }

  @Test
  void aRestoreThatLetsUnfinishedMigrationsThroughSaysSoInBold() {
    ApprovalRequest plain = request(ApprovalState.PENDING, List.of());
    ApprovalRequest allowing = new ApprovalRequest(plain.id(), plain.runbook(), plain.target(),
        Map.of("backup", "shop-b1", "migrations", "allow-unfinished"), plain.planHash(),
        plain.requestedBy(), plain.origin(), plain.statement(), plain.required(),
        plain.createdAt(), plain.expiresAt(), plain.state(), plain.decidedBy(), plain.reason(),
        plain.runId(), plain.approvals());

    assertThat(json(render.approval(ApprovalView.of(new LifeboatEvent.ApprovalRequested(allowing,
        List.of("bob"))))))
        .contains("*Restores even if the backup's Prisma history has a failed or "
            + "unfinished migration (allow-unfinished-migrations)");
    assertThat(json(render.approval(ApprovalView.of(new LifeboatEvent.ApprovalRequested(plain,
        List.of("bob")))))).doesNotContain("Prisma");
  }

  @Test
  void aClosedRequestHasNoButtonsAndSaysHowItEnded() {
    ApprovalRequest approved = request(ApprovalState.APPROVED,
        List.of(new Approval("bob", "hash", NOW, "reaction")));
    RunInfo run = new RunInfo(3, "restore", "shop", "alice", new Origin("slack", "C1", ""),
        Map.of(), NOW);
    String json = json(render.approval(ApprovalView.of(new LifeboatEvent.ApprovalGranted(
        approved, "bob", 1, 1, Optional.of(run), List.of("bob")))));

    assertThat(json).doesNotContain("lifeboat_approve").contains("Approved by <@U0BOB>")
        .contains(":+1: <@U0BOB> approved by reaction (1/1) · starting r3")
        .contains("state: approved");
  }

  @Test
  void aFailedRunFoldsFinishedStepsAndShowsTheFailedOneWithTheFirstLineOfItsError() {
    RunInfo run = new RunInfo(3, "backup", "shop", "alice", new Origin("slack", "C1", ""),
        Map.of("target", "shop"), NOW);
    RunView view = RunView.of(run)
        .apply(new LifeboatEvent.RunStarted(run, List.of("preflight", "dump", "upload")))
        .apply(new LifeboatEvent.StepStarted(run, "preflight", 1, 3))
        .apply(new LifeboatEvent.StepFinished(run, "preflight",
            LifeboatEvent.StepStatus.SUCCEEDED, Duration.ofMillis(40), Optional.empty()))
        .apply(new LifeboatEvent.StepStarted(run, "dump", 2, 3))
        .apply(new LifeboatEvent.StepProgress(run, "dump", 50, 200, "12 MB"));
    assertThat(json(render.run(view))).contains(":white_check_mark: 1/3 steps · 40 ms")
        .contains(":arrows_counterclockwise: `dump` · 25 % · 12 MB")
        .contains(":white_small_square: next `upload`");

    view = view.apply(new LifeboatEvent.StepFinished(run, "dump",
        LifeboatEvent.StepStatus.FAILED, Duration.ofSeconds(2),
        Optional.of("pg_dump: error: <connection lost>\nmore detail")))
        .apply(new LifeboatEvent.RunFinished(run, RunState.FAILED, Duration.ofSeconds(3),
            List.of(), Optional.of("dump: pg_dump: error: <connection lost>\nmore detail")));
    SlackMessage content = render.run(view);

    assertThat(content.text()).isEqualTo("r3 backup of shop failed after 3.0 s");
    assertThat(json(content)).contains(":x: *r3 · backup of shop* · asked by <@U0ALICE>")
        .contains(":white_check_mark: 1/3 steps · 40 ms")
        .contains(":x: `dump` · 2.0 s · pg_dump: error: &lt;connection lost&gt;")
        .contains("*Failed* after 3.0 s: dump: pg_dump: error: &lt;connection lost&gt;")
        .doesNotContain("more detail").doesNotContain("upload");
  }

  @Test
  void aRunWaitingAtAChecklistShowsThePromptWhoMayAnswerAndHow() {
    RunInfo run = new RunInfo(5, "restore", "shop", "alice", new Origin("slack", "C1", ""),
        Map.of(), NOW);
    RunView waiting = RunView.of(run)
        .apply(new LifeboatEvent.RunStarted(run, List.of("confirm", "swap")))
        .apply(new LifeboatEvent.QuestionAsked(run, "confirm", "Is the app in maintenance?",
            List.of("status page updated", "cron paused"), List.of("bob", "carol"),
            NOW.plus(Duration.ofMinutes(15))));
    assertThat(json(render.run(waiting)))
        .contains(":arrows_counterclockwise: `confirm` · waiting for an answer")
        .contains(":question: *Is the app in maintenance?*")
        .contains("☐ status page updated\\n☐ cron paused")
        .contains("Answer with `/continue r5` or `/abort r5 [reason]` · <@U0BOB>, *carol* may "
            + "each answer · until 10:15 UTC");

    RunView answered = waiting.apply(new LifeboatEvent.QuestionAnswered(run, "confirm", "bob",
        true, Optional.empty()));
    assertThat(json(render.run(answered))).doesNotContain("Answer with")
        .contains("`confirm` · confirmed by bob");
    assertThat(render.text(List.of(RunView.answer(new LifeboatEvent.QuestionAnswered(run,
        "confirm", "carol", false, Optional.of("not yet")))))).isEqualTo(
            ":black_square_for_stop: *carol* aborted r5 at `confirm`: not yet.");
  }

  @Test
  void aRestoreSaysWhoApprovedIt() {
    RunInfo run = new RunInfo(4, "restore", "shop", "alice", new Origin("slack", "C1", ""),
        Map.of(), NOW);
    ApprovalRequest approved = request(ApprovalState.APPROVED,
        List.of(new Approval("bob", "hash", NOW, "button")));
    RunView view = RunView.of(run).apply(new LifeboatEvent.ApprovalGranted(approved, "bob", 1,
        1, Optional.of(run), List.of("bob")));
    assertThat(json(render.run(view))).contains("asked by <@U0ALICE> · approved by <@U0BOB>");
  }

  @Test
  void textFromPeopleCannotMentionTheChannelOrFakeALink() {
    assertThat(Mrkdwn.escape("<!channel> & <http://evil|click>"))
        .isEqualTo("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;");
    assertThat(render.text(List.of(Line.builder().mention("mallory").text(" ")
        .mention("nobody").code("a`b").build()))).isEqualTo("*mallory* *nobody*`a'b`");
    assertThat(Mrkdwn.truncate("x".repeat(5000), 3000)).hasSize(3000).endsWith("…");
  }

  @Test
  void aRestoreCardShowsTheLossInThreeLinesAndPointsToTheThread() {
    ApprovalRequest open = dev.lifeboat.bot.chat.LossFixtures.withPreview(
        request(ApprovalState.PENDING, List.of()), dev.lifeboat.bot.chat.LossFixtures
            .lossPreview(NOW.minus(Duration.ofMinutes(90)), NOW));
    String json = json(render.approval(ApprovalView.of(new LifeboatEvent.ApprovalRequested(open,
        List.of("bob")))));

    assertThat(json).contains("\"block_id\":\"lifeboat-approval-a7-loss\"")
        .contains("*Data-loss window:* backup taken 08:30 UTC, 1 h 30 min ago · newest "
            + "order 09:57 live, 08:30 in the backup\\n*Rows:* ≈+32,605 in total · sessions "
            + "≈+35,000 · orders −1,204 · payments −1,190 · 1 more table\\nEvery table's "
            + "change is in the thread.");
  }

  private static ApprovalRequest request(ApprovalState state, List<Approval> approvals) {
    return new ApprovalRequest(7, "restore", "shop", Map.of("backup", "shop-b1"), "hash",
        "alice", new Origin("slack", "C1", ""), "Will restore shop-b1 <now>\nnever verified", 1, NOW,
        NOW.plus(Duration.ofMinutes(30)), state, Optional.empty(), Optional.empty(),
        Optional.empty(), approvals);
  }

  private static String json(SlackMessage content) {
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

    String text = json(render.notice(dev.lifeboat.present.ReplyLines.of(
        new dev.lifeboat.command.Reply.Pruned(report)), "prune"));

    assertThat(text).contains("Retention of shop would delete 1 backup and keeps 1")
        .contains("would delete `" + old.id() + "`")
        .contains("keeps `" + kept.id() + "`: daily 2026-11-23, one of the 3 newest");
  }
}
