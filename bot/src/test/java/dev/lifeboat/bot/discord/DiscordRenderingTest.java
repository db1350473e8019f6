package dev.lifeboat.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Person;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.Tone;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What people typed cannot format, link or ping; only whom Lifeboat mentions is pinged. */
class DiscordRenderingTest {
  private final DiscordRenderer render = new DiscordRenderer(new DiscordPeople(new AccessPolicy(
      Map.of("alice", new Person("alice", Set.of(), Map.of("discord", "111")),
          "mallory", new Person("mallory", Set.of(), Map.of("discord", "not-an-id"))),
      Map.of())), request -> List.of());

  @Test
  void textIsEscapedSoItCannotFormatLinkOrPing() {
    String shown = render.text(List.of(Line.text("**bold** <@222> @everyone [x](http://y)")));
    assertThat(shown).isEqualTo("\\*\\*bold\\*\\* \\<@\u200b222\\> @\u200beveryone "
        + "\\[x\\](http://y)");
  }

  @Test
  void aNoticePingsExactlyThePeopleItMentions() {
    DiscordMessage notice = render.notice(List.of(Line.of(Tone.WARNING).text("r1 for ")
        .mention("alice").text(" and ").mention("mallory").text(" and ").mention("discord-333")
        .code("a`b").build()), "r1");

    assertThat(notice.content()).isEqualTo("⚠️ r1 for <@111> and **mallory** and <@333>`a'b`");
    assertThat(notice.pingUsers()).containsExactlyInAnyOrder("111", "333");
    assertThat(notice.pingRoles()).isEmpty();
    assertThat(notice.create().getAllowedMentions()).as("nothing by parsing").isEmpty();
    assertThat(notice.create().getMentionedUsers()).containsExactlyInAnyOrder("111", "333");
  }

  @Test
  void anOpenRequestPingsItsApproverRolesAndAClosedOneLosesItsButtons() {
    DiscordRenderer withRoles = new DiscordRenderer(new DiscordPeople(new AccessPolicy(
        Map.of("alice", new Person("alice", Set.of(), Map.of("discord", "111")),
            "bob", new Person("bob", Set.of(), Map.of("discord", "222"))), Map.of())),
        request -> List.of("555"));
    java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:00Z");
    dev.lifeboat.approval.ApprovalRequest open = new dev.lifeboat.approval.ApprovalRequest(3,
        "restore", "shop", Map.of(), "hash", "alice", dev.lifeboat.run.Origin.of("console"),
        "Restore shop from latest.", 1, at, at.plusSeconds(1800),
        dev.lifeboat.approval.ApprovalState.PENDING, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of());

    DiscordMessage card = withRoles.approval(dev.lifeboat.present.ApprovalView.of(
        new dev.lifeboat.event.LifeboatEvent.ApprovalRequested(open, List.of("bob"))));
    assertThat(card.content()).isEqualTo("🔐 **a3** restore of shop needs approval from "
        + "<@&555> <@222>");
    assertThat(card.pingRoles()).containsExactly("555");
    assertThat(card.pingUsers()).containsExactly("222");
    assertThat(card.rows()).hasSize(1);
    assertThat(card.embeds().get(0).getColorRaw()).isEqualTo(DiscordRenderer.AMBER);

    dev.lifeboat.approval.ApprovalRequest expired = new dev.lifeboat.approval.ApprovalRequest(3,
        "restore", "shop", Map.of(), "hash", "alice", dev.lifeboat.run.Origin.of("console"),
        "Restore shop from latest.", 1, at, at.plusSeconds(1800),
        dev.lifeboat.approval.ApprovalState.EXPIRED, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of());
    DiscordMessage closed = withRoles.approval(dev.lifeboat.present.ApprovalView.of(
        new dev.lifeboat.event.LifeboatEvent.ApprovalExpired(expired, List.of("bob"))));
    assertThat(closed.rows()).as("no buttons").isEmpty();
    assertThat(closed.pingRoles()).isEmpty();
    assertThat(closed.pingUsers()).isEmpty();
    assertThat(closed.embeds().get(0).getDescription()).contains("Expired at 10:30 UTC without "
        + "enough approvals; nothing ran.");
    assertThat(closed.embeds().get(0).getColorRaw()).isEqualTo(DiscordRenderer.GREY);
  }

  @Test
  void aLongMessageIsCutToWhatDiscordAccepts() {
    DiscordMessage m = DiscordMessage.text("x".repeat(5000));
    assertThat(m.content()).hasSize(DiscordMessage.CONTENT).endsWith("…");
  }

  @Test
  void slashCommandOptionsBecomeTheLineTheSharedParserReads() {
    assertThat(DiscordCommands.text("backup", Optional.of("now"), List.of("shop")))
        .isEqualTo("/backup now shop");
    assertThat(DiscordCommands.text("restore", Optional.empty(), List.of("latest", " shop ",
        "in-place"))).isEqualTo("/restore latest shop in-place");
    assertThat(DiscordCommands.text("runs", Optional.empty(), List.of())).isEqualTo("/runs");
    assertThat(DiscordCommands.text("lifeboat", Optional.empty(), List.of("/backup prune")))
        .isEqualTo("/backup prune");
    assertThat(DiscordCommands.text("lifeboat", Optional.empty(), List.of())).isEqualTo("/help");
  }

  @Test
  void everyCommandOfTheConsoleAndSlackIsRegistered() {
    assertThat(DiscordCommands.definitions()).extracting(c -> c.getName()).contains("backup",
        "verify", "restore", "drill", "runs", "cancel", "approvals", "approve", "deny");
  }
}
