package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.approval.ApprovalState;
import dev.lifeboat.command.Reply;
import dev.lifeboat.present.Line;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command service through the shared inbound path, as people in a chat meet it: given
 * what happened, when someone types or clicks, then what they are told and what runs. A real
 * Lifeboat on a real database; the chat is a recording room.
 */
@ExtendWith(PostgresExtension.class)
class CommandScenarioIT {
  private static final Origin CHAT = new Origin("slack", "C1", "");

  @TempDir Path dir;
  private Lifeboat lifeboat;
  private ChatInbound chat;
  private final RecordingRoom room = new RecordingRoom();

  @BeforeEach
  void start(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 50)");
    lifeboat = new TestConfig(dir).target("shop", db).chatId("alice", "slack", "UALICE")
        .chatId("bob", "slack", "UBOB").chatId("carol", "slack", "UCAROL")
        .chatId("eve", "slack", "UEVE").start();
    ChatPresenter presenter = new ChatPresenter();
    presenter.add(room);
    lifeboat.events().subscribe(presenter);
    chat = new ChatInbound("slack", lifeboat.commands());
    Reply backup = chat.command("UALICE", "/backup now", CHAT).reply().orElseThrow();
    long run = ((Reply.RunAccepted) backup).run().id();
    assertThat(lifeboat.engine().completion(run).get(2, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
  }

  @AfterEach
  void stop() throws Exception {
    lifeboat.engine().awaitIdle(java.time.Duration.ofMinutes(2));
    lifeboat.close();
  }

  @Test
  void givenARestoreRequestedByAliceWhenAliceApprovesThenItIsRefusedAndNothingRuns() {
    said("UALICE", "/restore");

    String answer = said("UALICE", "/approve a1");

    assertThat(answer).startsWith("Refused: you asked for a1, so your own approval does not "
        + "count");
    assertThat(lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.PENDING);
    assertThat(lifeboat.engine().recent(10)).as("only the backup ran").hasSize(1);
  }

  @Test
  void givenARestoreRequestedByAliceWhenBobClicksApproveThenItRunsAndSaysWhoApproved()
      throws Exception {
    said("UALICE", "/restore");
    assertThat(room.card(1).orElseThrow()).contains("Will restore shop-")
        .contains("into a new database, check it, then swap it in")
        .containsPattern("Backup: taken .* ago · .* · 1 table · 50 rows · sha256 [0-9a-f]{12}")
        .contains("This backup was never verified; the restore time is unknown")
        .contains("Needs 1 approval from bob, carol");

    ChatInbound.Answer answer = chat.decide("UBOB", 1, true, "button");

    assertThat(Line.plain(answer.lines())).isEqualTo("You approved a1; r2 is starting.");
    assertThat(lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
    lifeboat.engine().awaitIdle(java.time.Duration.ofMinutes(1));
    assertThat(room.card(1).orElseThrow()).contains("bob approved by button (1/1) · starting r2");
    assertThat(room.run(2).orElseThrow()).startsWith("r2 · restore of shop · asked by alice · "
        + "approved by bob").containsPattern("\\d+/\\d+ steps · ").contains("Succeeded after");
  }

  @Test
  void givenAWaitingRestoreWhenEveApprovesThenSheIsToldSheMayNotAndWhoMay() {
    said("UALICE", "/restore");

    assertThat(said("UEVE", "/approve")).isEqualTo("Refused: a1 waits for approval, but only "
        + "tech-owners or devops-leads may approve restore on shop, and eve is not one of them.");
    assertThat(said("UEVE", "/cancel a1")).startsWith("Refused: only alice (who asked) or "
        + "devops-leads may withdraw a1");
    assertThat(lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.PENDING);
  }

  @Test
  void givenAWaitingRestoreWhenAliceDeniesItThenItIsWithdrawnAndSaysSo() {
    said("UALICE", "/restore");

    assertThat(said("UALICE", "/deny a1")).isEqualTo("You withdrew a1; nothing runs.");
    assertThat(lifeboat.approvals().find(1).state()).isEqualTo(ApprovalState.CANCELLED);
    assertThat(room.card(1).orElseThrow()).contains("Withdrawn by alice; nothing ran.");
  }

  @Test
  void whatWasMistypedIsNamedForWhatItIs() {
    assertThat(said("UALICE", "/verify shop-2020")).startsWith("No backup shop-2020; the newest "
        + "of shop are shop-");
    assertThat(said("UALICE", "/restore latest shop sideways")).startsWith("Unknown mode "
        + "'sideways': in-place or side-by-side.");
    assertThat(said("UALICE", "/cancel r1")).isEqualTo("r1 already finished (succeeded); there "
        + "is nothing to cancel.");
    assertThat(said("UNOBODY", "/backup now")).startsWith("Refused: Lifeboat does not know you "
        + "yet").contains("slack: UNOBODY");
    assertThat(lifeboat.engine().recent(10)).hasSize(1);
  }

  private String said(String user, String text) {
    return Line.plain(chat.command(user, text, CHAT).lines());
  }
}
