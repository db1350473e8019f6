package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.approval.Approval;
import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunState;
import dev.lifeboat.state.MessageLocations;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.state.StateSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared bookkeeping of a platform that edits messages, on a recording platform with time
 * moved by hand: one card per request and one message per run, edited in place, found again
 * after a restart from the state database.
 */
class ChatBoardTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Origin SLACK = new Origin("slack", "C1", "");

  @TempDir Path dir;
  private StateDatabase state;
  private final ManualTime time = new ManualTime();
  private final RecordingSurface<String> surface = new RecordingSurface<>(time::nanos);
  private final ChatPresenter presenter = new ChatPresenter();

  @BeforeEach
  void open() {
    state = StateDatabase.open(StateSettings.embedded(dir.resolve("state/lifeboat")));
    presenter.add(board());
  }

  @AfterEach
  void close() {
    state.close();
  }

  @Test
  void aRequestIsOneCardEditedUntilItEndsAndItsRunSaysWhoApproved() {
    ApprovalRequest pending = request(ApprovalState.PENDING, List.of());
    presenter.publish(new LifeboatEvent.ApprovalRequested(pending, List.of("bob", "carol")));
    time.advance(Duration.ofSeconds(5));
    RunInfo run = new RunInfo(2, "restore", "shop", "alice", SLACK, Map.of(), NOW);
    presenter.publish(new LifeboatEvent.ApprovalGranted(request(ApprovalState.APPROVED,
        List.of(new Approval("bob", "hash", NOW, "button"))), "bob", 1, 1, Optional.of(run),
        List.of("bob", "carol")));
    presenter.publish(new LifeboatEvent.RunStarted(run, List.of("check", "restore")));
    time.advance(Duration.ofSeconds(5));

    assertThat(surface.calls("post")).hasSize(2);
    assertThat(surface.messages().values()).anySatisfy(card -> assertThat(card)
        .contains("a7 · restore of shop · asked by alice")
        .contains("bob approved by button (1/1) · starting r2")
        .doesNotContain("Needs 1 approval"));
    assertThat(surface.messages().values()).anySatisfy(message -> assertThat(message)
        .startsWith("r2 · restore of shop · asked by alice · approved by bob")
        .contains("next check and 1 more"));
  }

  @Test
  void anApprovalHeardAfterItsRunFinishedLeavesTheFinalMessageAlone() {
    RunInfo run = new RunInfo(2, "restore", "shop", "alice", SLACK, Map.of(), NOW);
    presenter.publish(new LifeboatEvent.RunStarted(run, List.of("select")));
    presenter.publish(new LifeboatEvent.RunFinished(run, RunState.FAILED, Duration.ofMillis(3),
        List.of(), Optional.of("select: no such backup")));
    presenter.publish(new LifeboatEvent.ApprovalGranted(request(ApprovalState.APPROVED,
        List.of(new Approval("bob", "hash", NOW, "button"))), "bob", 1, 1, Optional.of(run),
        List.of("bob")));
    time.advance(Duration.ofSeconds(10));

    assertThat(surface.messages().values()).anySatisfy(m -> assertThat(m)
        .contains("Failed after 3 ms: select: no such backup"));
    assertThat(surface.messages().values()).noneSatisfy(m -> assertThat(m)
        .startsWith("r2").doesNotContain("Failed"));
  }

  @Test
  void afterARestartAReactionFindsTheCardAndUpdatesEditIt() throws Exception {
    presenter.publish(new LifeboatEvent.ApprovalRequested(request(ApprovalState.PENDING,
        List.of()), List.of("bob")));
    time.advance(Duration.ofSeconds(5));
    ChatSurface.Posted card = surface.messages().keySet().iterator().next();

    // A new process: nothing in memory, the same state database.
    ChatBoard<String> fresh = board();
    assertThat(fresh.requestAt(card)).hasValue(7);
    assertThat(fresh.requestAt(new ChatSurface.Posted("C1", "someone-else"))).isEmpty();
    fresh.approval("C1", dev.lifeboat.present.ApprovalView.of(
        new LifeboatEvent.ApprovalExpired(request(ApprovalState.EXPIRED, List.of()),
            List.of("bob"))), new LifeboatEvent.ApprovalExpired(
                request(ApprovalState.EXPIRED, List.of()), List.of("bob")));
    time.advance(Duration.ofSeconds(5));

    assertThat(surface.calls("post")).as("the same card, not a second one").hasSize(1);
    assertThat(surface.messages().get(card)).contains("Expired at 10:30 UTC");
  }

  @Test
  void aReactionFasterThanThePostsAnswerWaitsForTheCard() throws Exception {
    ChatBoard<String> board = board();
    LifeboatEvent.ApprovalRequested asked = new LifeboatEvent.ApprovalRequested(
        request(ApprovalState.PENDING, List.of()), List.of("bob"));
    board.approval("C1", dev.lifeboat.present.ApprovalView.of(asked), asked);
    // The platform has the card (its first id is m1) but our post has not come back yet.
    CompletableFuture<OptionalLong> reaction = CompletableFuture.supplyAsync(() -> {
      try {
        return board.requestAt(new ChatSurface.Posted("C1", "m1"));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertThat(reaction).as("still waiting for the post").isNotDone();

    time.advance(Duration.ofSeconds(1));

    assertThat(reaction.get(5, TimeUnit.SECONDS)).hasValue(7);
  }

  @Test
  void aBackupsFullChecksumGoesToTheThreadAndItsMessageStaysShort() {
    RunInfo run = new RunInfo(1, "backup", "shop", "alice", SLACK, Map.of(), NOW);
    presenter.publish(new LifeboatEvent.RunStarted(run, List.of("preflight", "dump")));
    presenter.publish(new LifeboatEvent.StepLog(run, "dump", "pg_dump: dumping contents"));
    presenter.publish(new LifeboatEvent.RunFinished(run, RunState.SUCCEEDED,
        Duration.ofSeconds(2), List.of(), Optional.empty()));
    time.advance(Duration.ofSeconds(10));

    ChatSurface.Posted message = surface.messages().keySet().iterator().next();
    assertThat(surface.messages().get(message)).contains("Succeeded after 2.0 s");
    assertThat(surface.thread(message)).singleElement().asString()
        .isEqualTo("dump pg_dump: dumping contents");
  }

  @Test
  void aRestoreCardShowsWhatItWouldLoseInTwoLinesAndEveryTableInItsThread() {
    ApprovalRequest plain = request(ApprovalState.PENDING, List.of());
    ApprovalRequest withLoss = LossFixtures.withPreview(plain,
        LossFixtures.lossPreview(NOW.minus(Duration.ofHours(2)), NOW));
    presenter.publish(new LifeboatEvent.ApprovalRequested(withLoss, List.of("bob")));
    time.advance(Duration.ofSeconds(5));

    ChatSurface.Posted card = surface.messages().keySet().iterator().next();
    assertThat(surface.messages().get(card))
        .contains("Data-loss window: backup taken 08:00 UTC, 2 h ago · newest order 09:57 live, "
            + "08:00 in the backup")
        .contains("Rows: ≈+32,605 in total · sessions ≈+35,000 · orders −1,204 · payments "
            + "−1,190 · 1 more table")
        .doesNotContain("users");
    assertThat(surface.thread(card)).singleElement().asString()
        .contains("orders 10,000 → 11,204 (−1,204) · newest created_at 09:57 live, 08:00 in the "
            + "backup")
        .contains("users 70 → 71 (−1)").contains("sessions 40,000 → ≈5,000 (≈+35,000)");
  }

  @Test
  void aRequestWithoutAPreviewHasNoLossLinesAndNoThread() {
    presenter.publish(new LifeboatEvent.ApprovalRequested(request(ApprovalState.PENDING,
        List.of()), List.of("bob")));
    time.advance(Duration.ofSeconds(5));

    ChatSurface.Posted card = surface.messages().keySet().iterator().next();
    assertThat(surface.messages().get(card)).doesNotContain("Data-loss window");
    assertThat(surface.thread(card)).isEmpty();
  }

  private ChatBoard<String> board() {
    LiveMessages<String> out = new LiveMessages<>(surface, time,
        LiveMessage.Pacing.of(Duration.ofMillis(1200)), time::nanos, reason -> { });
    return new ChatBoard<>("slack", out, new PlainRenderer(), new MessageLocations(state),
        new Channels("slack", Optional.empty())::of);
  }

  private static ApprovalRequest request(ApprovalState state, List<Approval> approvals) {
    return new ApprovalRequest(7, "restore", "shop", Map.of("backup", "shop-b1"), "hash",
        "alice", SLACK, "Will restore shop-b1 into a new database", 1, NOW,
        NOW.plus(Duration.ofMinutes(30)), state, Optional.empty(), Optional.empty(),
        Optional.empty(), approvals);
  }
}
