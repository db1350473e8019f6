package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app manifest people paste into Slack declares what the adapter handles. */
class SlackManifestTest {
  @Test
  void theManifestDeclaresEveryCommandTheScopesAndTheReactionEvent() throws Exception {
    Path manifest = TestConfig.repositoryRunbooks().getParent()
        .resolve("slack-app-manifest.yaml");
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());

    List<String> commands = new ArrayList<>();
    root.path("features").path("slash_commands").forEach(c -> commands.add(
        c.path("command").asText()));
    assertThat(commands).containsExactlyInAnyOrderElementsOf(SlackCommands.NAMES);
    List<String> scopes = new ArrayList<>();
    root.path("oauth_config").path("scopes").path("bot").forEach(s -> scopes.add(s.asText()));
    // Least privilege: no posting into channels the bot was not invited to. Incidents need to
    // create their channel and to read the one message someone pins into the timeline.
    assertThat(scopes).containsExactlyInAnyOrder("commands", "chat:write", "reactions:read",
        "channels:manage", "channels:history");
    assertThat(root.path("settings").path("event_subscriptions").path("bot_events").toString())
        .contains("reaction_added");
    assertThat(root.path("settings").path("interactivity").path("is_enabled").asBoolean())
        .isTrue();
    assertThat(root.path("settings").path("socket_mode_enabled").asBoolean()).isTrue();
  }
}
