package dev.lifeboat.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.config.Secret;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.target.ConnectionInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a tool process really receives: {@code /usr/bin/env} stands in for pg_dump, started the
 * way every PostgreSQL tool is, from an environment like a deployment's (chat tokens, the
 * passwords of several targets).
 */
class ToolEnvironmentTest {
  private static final Map<String, String> LIFEBOATS_OWN = Map.of(
      "PATH", "/usr/local/bin:/usr/bin:/bin",
      "LANG", "de_DE.UTF-8",
      "TZ", "Europe/Berlin",
      "HOME", "/home/lifeboat",
      "SLACK_BOT_TOKEN", "xoxb-never-for-tools",
      "SLACK_APP_TOKEN", "xapp-never-for-tools",
      "SHOP_DB_PASSWORD", "shop-secret",
      "BILLING_DB_PASSWORD", "billing-secret",
      "PGPASSWORD", "from-the-operators-shell",
      "PGHOST", "elsewhere.example.com");

  @Test
  void aToolSeesOnlyPathLocaleTimeZoneAndItsOwnTargetsConnection() throws Exception {
    ConnectionInfo shop = new ConnectionInfo("db.example.com", 5432, "shop", "backup",
        Optional.of(Secret.of("shop-secret", "SHOP_DB_PASSWORD")), Map.of("sslmode", "require"));

    Map<String, String> seen = runEnv(ToolEnvironment.of(LIFEBOATS_OWN,
        shop.libpqEnvironment()));

    assertThat(seen).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin")
        .containsEntry("LANG", "de_DE.UTF-8").containsEntry("TZ", "Europe/Berlin")
        .containsEntry("LC_MESSAGES", "C")
        .containsEntry("PGHOST", "db.example.com").containsEntry("PGDATABASE", "shop")
        .containsEntry("PGUSER", "backup").containsEntry("PGPASSWORD", "shop-secret")
        .containsEntry("PGSSLMODE", "require");
    assertThat(seen.keySet()).doesNotContain("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
        "SHOP_DB_PASSWORD", "BILLING_DB_PASSWORD");
    assertThat(String.join("\n", seen.values())).doesNotContain("xoxb-", "xapp-",
        "billing-secret", "from-the-operators-shell", "elsewhere.example.com");
    assertThat(seen.keySet()).allSatisfy(name -> assertThat(name).matches(
        "PATH|LANG|TZ|HOME|LC_MESSAGES|PG[A-Z_]+"));
  }

  @Test
  void lcAllCannotTurnTheToolsMessagesIntoAnotherLanguage() throws Exception {
    Map<String, String> seen = runEnv(ToolEnvironment.of(Map.of("PATH", "/usr/bin:/bin",
        "LC_ALL", "fr_FR.UTF-8"), Map.of()));

    assertThat(seen).doesNotContainKey("LC_ALL").containsEntry("LC_MESSAGES", "C")
        .containsEntry("LC_CTYPE", "fr_FR.UTF-8").containsEntry("LC_TIME", "fr_FR.UTF-8");
  }

  private static Map<String, String> runEnv(ToolEnvironment environment) throws Exception {
    try (ToolRun run = ToolRun.start(List.of("/usr/bin/env"), environment, line -> { },
        new Cancellation())) {
      Map<String, String> seen;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(run.stdout(),
          StandardCharsets.UTF_8))) {
        seen = r.lines().filter(l -> l.contains("=")).collect(Collectors.toMap(
            l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
            (a, b) -> b, LinkedHashMap::new));
      }
      assertThat(run.waitFor()).isZero();
      return seen;
    }
  }
}
