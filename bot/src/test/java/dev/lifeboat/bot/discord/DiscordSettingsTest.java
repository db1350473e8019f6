package dev.lifeboat.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.access.Person;
import dev.lifeboat.bot.slack.SlackSettings;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chat.discord is read by the config loader with everything else: every problem at once,
 * with file and key, before anything connects; the token never shown; ${ENV} in ids and URLs.
 */
class DiscordSettingsTest {
  @TempDir Path dir;

  @Test
  void readsTheTokenFromTheEnvironmentAndDefaultsToDiscordItself() {
    DiscordSettings s = settings(load(config("{enabled: true, guild: \"1234567890\", "
        + "channel: \"2345678901\"}").env("DISCORD_TOKEN", "secret.token.value")));

    assertThat(s.token().reveal()).isEqualTo("secret.token.value");
    assertThat(s.guild()).hasValue("1234567890");
    assertThat(s.channel()).hasValue("2345678901");
    assertThat(s.apiUrl()).hasToString("https://discord.com/api/v10/");
    assertThat(s.gatewayUrl()).hasToString("wss://gateway.discord.gg");
    assertThat(s.updateInterval()).isEqualTo(DiscordSettings.DEFAULT_UPDATE_INTERVAL);
    assertThat(s.toString()).doesNotContain("secret.token.value").contains("env DISCORD_TOKEN");
  }

  @Test
  void idsAndUrlsTakeEnvironmentVariables() {
    DiscordSettings s = settings(load(config("{enabled: true, token_env: BOT, guild: "
        + "\"${GUILD}\", channel: \"${OPS}\", api_url: \"${FAKE}/api/v10\", gateway_url: "
        + "\"ws://127.0.0.1:9\", update_interval_ms: 500}").env("BOT", "t").env("GUILD", "42")
        .env("OPS", "43").env("FAKE", "http://127.0.0.1:8")));

    assertThat(s.guild()).hasValue("42");
    assertThat(s.channel()).hasValue("43");
    assertThat(s.apiUrl()).as("a slash is added for JDA").hasToString(
        "http://127.0.0.1:8/api/v10/");
    assertThat(s.gatewayUrl()).hasToString("ws://127.0.0.1:9");
    assertThat(s.updateInterval()).hasMillis(500);
  }

  @Test
  void everyProblemIsReportedAtOnceWithFileAndKey() {
    TestConfig config = config("{enabled: true, guild: ops-server, channel: \"#ops\", "
        + "api_url: \"ftp://x\", gateway_url: \"https://gateway\", colour: blue}");
    assertThatThrownBy(() -> load(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lifeboat.yaml: chat.discord.token_env: DISCORD_TOKEN is not set")
        .hasMessageContaining("chat.discord.guild: 'ops-server' is not the server's id; "
            + "Discord ids are numbers")
        .hasMessageContaining("chat.discord.channel: '#ops' is not a text channel's id")
        .hasMessageContaining("chat.discord.api_url: 'ftp://x' is not a http(s) URL")
        .hasMessageContaining("chat.discord.gateway_url: 'https://gateway' is not a ws(s) URL")
        .hasMessageContaining("chat.discord.colour: unknown key");
  }

  @Test
  void aPastedAuthorizationHeaderIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> load(config("{enabled: true}").env("DISCORD_TOKEN",
        "Bot abc.def.ghi")))
        .hasMessageContaining("chat.discord.token_env: DISCORD_TOKEN holds more than the token")
        .hasMessageNotContaining("abc.def.ghi");
  }

  @Test
  void aDisabledSectionStartsNoAdapterAndNeedsNoToken() {
    LifeboatConfig config = load(config("{enabled: false}"));
    assertThat(config.chat().adapter(DiscordSettings.SECTION, DiscordSettings.class)).isEmpty();
  }

  @Test
  void slackAndDiscordAreReadTogether() {
    LifeboatConfig config = load(config("{enabled: true}").env("DISCORD_TOKEN", "t")
        .env("SLACK_BOT_TOKEN", "xoxb-1").env("SLACK_APP_TOKEN", "xapp-1")
        .chat("slack", "{enabled: true}"));
    assertThat(config.chat().adapter(SlackSettings.SECTION, SlackSettings.class)).isPresent();
    assertThat(config.chat().adapter(DiscordSettings.SECTION, DiscordSettings.class))
        .isPresent();
  }

  @Test
  void aGroupsDiscordRoleMakesItsHoldersMembers() {
    LifeboatConfig config = load(config("{enabled: false}").chatId("bob", "discord", "77")
        .groupOption("tech-owners", "discord_role: \"555\""));
    var access = config.access();

    Person bobWithRole = access.byChatId("discord", "77", Set.of("555")).orElseThrow();
    assertThat(bobWithRole.name()).isEqualTo("bob");
    assertThat(bobWithRole.groups()).contains("tech-owners");
    Person unlisted = access.byChatId("discord", "88", Set.of("555")).orElseThrow();
    assertThat(unlisted.name()).isEqualTo("discord-88");
    assertThat(unlisted.groups()).containsExactly("tech-owners");
    assertThat(access.byChatId("discord", "88", Set.of("999"))).isEmpty();
    assertThat(access.roles("discord", List.of("tech-owners", "on-call")))
        .containsExactly("555");

    assertThatThrownBy(() -> load(config("{enabled: false}")
        .groupOption("tech-owners", "discord_role: Tech Owners")))
        .hasMessageContaining("groups.tech-owners.discord_role: 'Tech Owners' is not a "
            + "Discord role id");
  }

  /** A config whose chat.discord is {@code section}, with no Discord token in the environment. */
  private TestConfig config(String section) {
    return new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody", "unused")
        .env("DISCORD_TOKEN", "").chat("discord", section);
  }

  private static DiscordSettings settings(LifeboatConfig config) {
    return config.chat().adapter(DiscordSettings.SECTION, DiscordSettings.class).orElseThrow();
  }

  private static LifeboatConfig load(TestConfig config) {
    return new ConfigLoader(config.environment(), List.of(SlackSettings.SECTION,
        DiscordSettings.SECTION)).load(config.write());
  }
}
