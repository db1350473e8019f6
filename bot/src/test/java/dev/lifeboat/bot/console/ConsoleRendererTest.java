package dev.lifeboat.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.RunView;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The console's plain text: what reaches a terminal, and what never does. */
class ConsoleRendererTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ConsoleRenderer console = new ConsoleRenderer(
      new PrintStream(bytes, true, StandardCharsets.UTF_8), false, Clock.systemUTC());

  @Test
  void controlCharactersFromOutsideNeverReachTheTerminal() {
    console.say("alice> /backup now \u001b]0;owned\u0007\u001b[2J \u202eevil\u202c \u009b31m");
    console.error("Lifeboat does not know /x\u001b[1A");

    String out = output();
    assertThat(out).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
        .doesNotContain("\u202c").doesNotContain("\u009b")
        .contains("alice> /backup now �]0;owned��[2J �evil� �31m")
        .contains("⚠ Lifeboat does not know /x�[1A");
  }

  @Test
  void aSkippedStepSaysSkippedAndTheCliIsNotToldToTypeCancel() {
    RunInfo run = new RunInfo(1, "backup", "shop", "alice", Origin.of("cli"), Map.of(),
        Instant.EPOCH);
    ConsoleRenderer cli = new ConsoleRenderer(new PrintStream(bytes, true,
        StandardCharsets.UTF_8), false, false, Clock.systemUTC());
    cli.run("console", RunView.of(run), new LifeboatEvent.RunStarted(run, List.of("dump")));
    cli.run("console", RunView.of(run), new LifeboatEvent.StepFinished(run, "upload",
        LifeboatEvent.StepStatus.SKIPPED, Duration.ZERO, Optional.empty()));

    assertThat(output()).contains("r1 backup of shop started for alice (dump)\n")
        .doesNotContain("/cancel").contains("➖ r1 · upload skipped").doesNotContain("0 ms");
  }

  @Test
  void aRestoreCardPrintsItsLossAndEveryTableAsDetails() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    dev.lifeboat.approval.ApprovalRequest request = dev.lifeboat.bot.chat.LossFixtures
        .withPreview(new dev.lifeboat.approval.ApprovalRequest(7, "restore", "shop",
            Map.of("backup", "shop-b1"), "hash", "alice", Origin.of("console"),
            "Will restore shop-b1", 1, now, now.plus(Duration.ofMinutes(30)),
            dev.lifeboat.approval.ApprovalState.PENDING, Optional.empty(), Optional.empty(),
            Optional.empty(), List.of()), dev.lifeboat.bot.chat.LossFixtures.lossPreview(
                now.minus(Duration.ofHours(2)), now));
    LifeboatEvent.ApprovalRequested event = new LifeboatEvent.ApprovalRequested(request,
        List.of("bob"));

    console.approval("console", dev.lifeboat.present.ApprovalView.of(event), event);

    assertThat(output()).contains("""
        🔐 a7 · restore of shop · asked by alice
           Will restore shop-b1
           Data-loss window: backup taken 08:00 UTC, 2 h ago · newest order 09:57 live, 08:00 \
        in the backup
           Rows: ≈+32,605 in total · sessions ≈+35,000 · orders −1,204 · payments −1,190 · 1 \
        more table
           details:
              orders 10,000 → 11,204 (−1,204) · newest created_at 09:57 live, 08:00 in the \
        backup
              payments 9,000 → 10,190 (−1,190)
              sessions 40,000 → ≈5,000 (≈+35,000)
              users 70 → 71 (−1)
           Needs 1 approval from bob""");
  }

  @Test
  void helpColumnsLineUp() {
    console.reply(new dev.lifeboat.command.Reply.Help(List.of(
        new dev.lifeboat.command.Reply.CommandHelp("/runs", "recent runs"),
        new dev.lifeboat.command.Reply.CommandHelp("/backup now [target]", "take a backup"))));
    List<String> lines = output().lines().toList();
    assertThat(lines.get(1).indexOf("recent runs")).isEqualTo(lines.get(2).indexOf("take a"));
    assertThat(ConsoleRenderer.text(Line.text("plain"))).isEqualTo("plain");
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
