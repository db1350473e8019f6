package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import org.junit.jupiter.api.Test;

/** /lifeboat <command> is every command, for workspaces where a name is taken. */
class SlackCommandsTest {
  @Test
  void lifeboatPrefixesAnyCommandAndAloneIsHelp() {
    assertThat(SlackCommands.text(payload("/lifeboat", "approve a3"))).isEqualTo("/approve a3");
    assertThat(SlackCommands.text(payload("/lifeboat", "/backup now shop")))
        .isEqualTo("/backup now shop");
    assertThat(SlackCommands.text(payload("/lifeboat", "  "))).isEqualTo("/help");
    assertThat(SlackCommands.text(payload("/lifeboat", null))).isEqualTo("/help");
    assertThat(SlackCommands.text(payload("/cancel", "r12"))).isEqualTo("/cancel r12");
  }

  private static SlashCommandPayload payload(String command, String text) {
    SlashCommandPayload p = new SlashCommandPayload();
    p.setCommand(command);
    p.setText(text);
    return p;
  }
}
