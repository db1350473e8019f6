package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chat.slack is read by the config loader with everything else: every problem at once, with
 * file and key, before anything starts; tokens never shown.
 */
class SlackSettingsTest {
  @TempDir Path dir;

  @Test
  void socketModeReadsBothTokensFromTheEnvironment() {
    LifeboatConfig config = load(config("{enabled: true, bot_token_env: BOT, app_token_env: "
        + "APP, api_url: \"http://127.0.0.1:9/api\", channel: C0OPS}")
        .env("BOT", "xoxb-secret-1").env("APP", "xapp-secret-2"));
    SlackSettings s = config.chat().adapter(SlackSettings.SECTION, SlackSettings.class)
        .orElseThrow();

    assertThat(s.mode()).isEqualTo(SlackSettings.Mode.SOCKET);
    assertThat(s.botToken().reveal()).isEqualTo("xoxb-secret-1");
    assertThat(s.appToken().orElseThrow().reveal()).isEqualTo("xapp-secret-2");
    assertThat(s.apiUrl()).hasToString("http://127.0.0.1:9/api/");
    assertThat(s.channel()).hasValue("C0OPS");
    assertThat(s.toString()).doesNotContain("secret-1").doesNotContain("secret-2")
        .contains("env BOT");
  }

  @Test
  void everyMissingOrWrongSecretIsReportedAtOnceWithFileAndKey() {
    TestConfig config = config("{enabled: true}")
        .env("SLACK_BOT_TOKEN", "xapp-swapped-by-mistake").env("SLACK_APP_TOKEN", "");
    assertThatThrownBy(() -> load(config))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).satisfiesExactly(
            p -> assertThat(p).endsWith("lifeboat.yaml: chat.slack.bot_token_env: "
                + "SLACK_BOT_TOKEN does not hold a xoxb-… token (the bot token starts with "
                + "xoxb-, the app-level token with xapp-)"),
            p -> assertThat(p).endsWith("lifeboat.yaml: chat.slack.app_token_env: "
                + "SLACK_APP_TOKEN is not set")))
        .hasMessageNotContaining("swapped-by-mistake");
  }

  @Test
  void httpModeNeedsTheSigningSecretButNoAppToken() {
    SlackSettings s = load(config("{enabled: true, mode: http, port: 8080}")
        .env("SLACK_BOT_TOKEN", "xoxb-1").env("SLACK_SIGNING_SECRET", "abc")).chat()
        .adapter(SlackSettings.SECTION, SlackSettings.class).orElseThrow();
    assertThat(s.mode()).isEqualTo(SlackSettings.Mode.HTTP);
    assertThat(s.appToken()).isEmpty();
    assertThat(s.httpPort()).isEqualTo(8080);

    assertThatThrownBy(() -> load(config("{enabled: true, mode: webhook, bot_token_env: B, "
        + "api_url: \"ftp://x\", port: 70000, colour: blue}")))
        .hasMessageContaining("chat.slack.mode: 'webhook' is not a mode")
        .hasMessageContaining("chat.slack.bot_token_env: B is not set")
        .hasMessageContaining("chat.slack.api_url: 'ftp://x' is not an http(s) URL")
        .hasMessageContaining("chat.slack.port: must be between 0 and 65535, not 70000")
        .hasMessageContaining("chat.slack.colour: unknown key");
  }

  @Test
  void aDisabledSectionStartsNoAdapterAndNeedsNoTokens() {
    LifeboatConfig config = load(config("{enabled: false, mode: socket}"));
    assertThat(config.chat().adapter(SlackSettings.SECTION, SlackSettings.class)).isEmpty();
  }

  /** A config whose chat.slack is {@code section}, with no Slack tokens in the environment. */
  private TestConfig config(String section) {
    return new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody", "unused")
        .env("SLACK_BOT_TOKEN", "").env("SLACK_APP_TOKEN", "").chat("slack", section);
  }

  private static LifeboatConfig load(TestConfig config) {
    return new ConfigLoader(config.environment(), List.of(SlackSettings.SECTION))
        .load(config.write());
  }
}
