package dev.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void aFileVariantStandsForTheVariableWithoutItsTrailingNewline() throws Exception {
    Path token = Files.writeString(dir.resolve("slack_bot_token"), "xoxb-from-a-file\n");

    Map<String, String> env = SecretFiles.expand(Map.of(
        "SLACK_BOT_TOKEN_FILE", token.toString(), "PATH", "/usr/bin"));

    assertThat(env).containsEntry("SLACK_BOT_TOKEN", "xoxb-from-a-file")
        .containsEntry("PATH", "/usr/bin");
  }

  @Test
  void aSetVariableWinsAndAnUnreadableFileIsLeftForTheCheckThatNeedsIt() {
    Map<String, String> env = SecretFiles.expand(Map.of(
        "SHOP_PASSWORD", "set", "SHOP_PASSWORD_FILE", dir.resolve("x").toString(),
        "OTHER_PASSWORD_FILE", dir.resolve("missing").toString()));

    assertThat(env).containsEntry("SHOP_PASSWORD", "set").doesNotContainKey("OTHER_PASSWORD");
    assertThat(SecretFiles.unreadableHint("OTHER_PASSWORD", env))
        .contains("OTHER_PASSWORD_FILE names " + dir.resolve("missing"));
  }

  @Test
  void aTargetPasswordCanComeFromAFileVariantAndAMissingOneIsNamed() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc/runbooks"));
    Path config = Files.writeString(etc.resolve("../lifeboat.yaml"), """
        targets:
          shop: {host: db, database: shop, password_env: SHOP_DB_PASSWORD}
          billing: {host: db, database: billing, password_env: BILLING_DB_PASSWORD}
        stores:
          local: {path: backups}
        """);
    Path secret = Files.writeString(dir.resolve("shop_pw"), "s3cret\n");

    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> new ConfigLoader(SecretFiles.expand(Map.of(
            "SHOP_DB_PASSWORD_FILE", secret.toString(),
            "BILLING_DB_PASSWORD_FILE", "/run/secrets/nope"))).load(config),
        ConfigException.class);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0)).contains("targets.billing.password_env: BILLING_DB_PASSWORD "
        + "is not set").contains("BILLING_DB_PASSWORD_FILE names /run/secrets/nope");
  }
}
