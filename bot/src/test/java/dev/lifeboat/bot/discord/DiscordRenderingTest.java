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
