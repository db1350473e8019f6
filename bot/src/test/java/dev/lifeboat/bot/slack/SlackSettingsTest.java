package dev.lifeboat.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Settings fail early, list every problem with its key, and never show a token. */
class SlackSettingsTest {
  private static final SlackSettings.Keys KEYS = SlackSettings.Keys.defaults();

  @Test
  void socketModeReadsBothTokensFromTheEnvironment() {
    SlackSettings s = SlackSettings.fromEnvironment(new SlackSettings.Keys("socket",
        "BOT", "APP", "SIGNING", "http://127.0.0.1:9/api", Optional.of("C0OPS"), 3000),
        Map.of("BOT", "xoxb-secret-1", "APP", "xapp-secret-2"));

    assertThat(s.mode()).isEqualTo(SlackSettings.Mode.SOCKET);
    assertThat(s.botToken().reveal()).isEqualTo("xoxb-secret-1");
    assertThat(s.appToken().orElseThrow().reveal()).isEqualTo("xapp-secret-2");
    assertThat(s.apiUrl()).hasToString("http://127.0.0.1:9/api/");
    assertThat(s.channel()).hasValue("C0OPS");
    assertThat(s.toString()).doesNotContain("secret-1").doesNotContain("secret-2")
        .contains("env BOT");
  }

  @Test
  void everyMissingOrWrongSecretIsReportedAtOnceWithItsKey() {
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(KEYS,
        Map.of("SLACK_BOT_TOKEN", "xapp-swapped-by-mistake")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
            "chat.slack.bot_token_env: SLACK_BOT_TOKEN does not hold a xoxb-… token (the bot "
                + "token starts with xoxb-, the app-level token with xapp-)",
            "chat.slack.app_token_env: SLACK_APP_TOKEN is not set"))
        .hasMessageNotContaining("swapped-by-mistake");
  }

  @Test
  void httpModeNeedsTheSigningSecretButNoAppToken() {
    SlackSettings s = SlackSettings.fromEnvironment(new SlackSettings.Keys("http",
        "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", SlackSettings.SLACK_API,
        Optional.empty(), 8080), Map.of("SLACK_BOT_TOKEN", "xoxb-1", "SLACK_SIGNING_SECRET",
            "abc"));
    assertThat(s.mode()).isEqualTo(SlackSettings.Mode.HTTP);
    assertThat(s.appToken()).isEmpty();
    assertThat(s.httpPort()).isEqualTo(8080);

    assertThatThrownBy(() -> SlackSettings.fromEnvironment(new SlackSettings.Keys("webhook",
        "B", "A", "S", "ftp://x", Optional.empty(), 70000), Map.of()))
        .hasMessageContaining("chat.slack.mode: 'webhook' is not a mode")
        .hasMessageContaining("chat.slack.bot_token_env: B is not set")
        .hasMessageContaining("chat.slack.api_url: 'ftp://x' is not an http(s) URL")
        .hasMessageContaining("chat.slack.port: 70000 is not a TCP port");
  }
}
