package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless commands a cron job or a monitor runs (backup now --all, verify, drill, status,
 * restore list), each in a child JVM as cron would start it, and every line of their --json
 * output checked against docs/lifeboat-output.schema.json.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class HeadlessCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Schema schema;

  @TempDir Path dir;

  @BeforeAll
  static void readSchema() throws Exception {
    Path file = TestConfig.repositoryRunbooks().getParent().getParent()
        .resolve("docs/lifeboat-output.schema.json");
    try (InputStream in = Files.newInputStream(file)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in);
    }
  }

  @Test
  void cronAndMonitorCommandsOnTwoTargetsSpeakOneJsonSchema(TestPostgres pg) throws Exception {
    TestDatabase shop = pg.newDatabase();
    shop.execute("CREATE TABLE orders (id int)");
    shop.execute("INSERT INTO orders SELECT generate_series(1, 30)");
    TestDatabase crm = pg.newDatabase();
    crm.execute("CREATE TABLE contacts (id int)");
    TestConfig config = new TestConfig(dir).target("shop", shop).target("crm", crm);
    String file = config.write().toString();

    // Before any backup: both targets breach their RPO, which is a failed check.
    ChildCli before = ChildCli.run(config.environment(), "", "status", "--config", file,
        "--json");
    assertThat(before.exit()).as(before.err()).isEqualTo(4);
    JsonNode critical = single(before);
    assertThat(critical.get("status").asText()).isEqualTo("critical");
    assertThat(critical.get("targets").get(0).get("problems").get(0).get("code").asText())
        .isEqualTo("rpo");
    ChildCli nagiosBefore = ChildCli.run(config.environment(), "", "status", "--config", file,
        "--nagios");
    assertThat(nagiosBefore.exit()).as("Nagios CRITICAL").isEqualTo(2);
    assertThat(nagiosBefore.out()).startsWith("LIFEBOAT CRITICAL - shop: shop has no good backup")
        .hasLineCount(1);

    // Two targets and none named: an error a script can read, in the command line's words.
    ChildCli which = ChildCli.run(config.environment(), "", "backup", "now", "--config", file,
        "--json");
    assertThat(which.exit()).as("usage").isEqualTo(2);
    JsonNode error = single(which);
    assertThat(error.get("error").get("code").asText()).isEqualTo("target_required");
    assertThat(error.get("error").get("message").asText()).contains("--target NAME")
        .contains("--all").contains("shop, crm").doesNotContain("/backup");

    ChildCli all = ChildCli.run(config.environment(), "", "backup", "now", "--all", "--config",
        file, "--json");
    assertThat(all.exit()).as(all.err()).isZero();
    List<JsonNode> runs = lines(all);
    assertThat(runs).extracting(r -> r.get("target").asText()).containsExactly("shop", "crm");
    JsonNode shopRun = runs.get(0);
    assertThat(shopRun.get("kind").asText()).isEqualTo("run");
    assertThat(shopRun.get("id").asText()).matches("r\\d+");
    assertThat(shopRun.get("backup").get("rows").asLong()).isEqualTo(30);
    assertThat(shopRun.get("backup").get("tables").get(0).get("table").asText())
        .isEqualTo("orders");
    assertThat(shopRun.get("backup").get("verification").get("status").asText())
        .isEqualTo("never");
    String shopBackup = shopRun.get("backup").get("id").asText();

    ChildCli list = ChildCli.run(config.environment(), "", "backup", "list", "--config", file,
        "--target", "shop", "--json");
    assertThat(list.exit()).isZero();
    JsonNode listed = single(list);
    // The same backup, in the same shape, as backup now printed it.
    assertThat(listed).isEqualTo(shopRun.get("backup"));

    ChildCli verify = ChildCli.run(config.environment(), "", "verify", "--target", "shop",
        "--config", file, "--json");
    assertThat(verify.exit()).as(verify.err()).isZero();
    JsonNode verified = single(verify);
    assertThat(verified.get("runbook").asText()).isEqualTo("verify");
    assertThat(verified.get("verification").get("status").asText()).isEqualTo("ok");
    assertThat(verified.get("verification").get("backup").asText()).isEqualTo(shopBackup);
    assertThat(verify.err()).contains("verify of shop succeeded");

    ChildCli drill = ChildCli.run(config.environment(), "", "drill", "--target", "crm",
        "--config", file, "--json");
    assertThat(drill.exit()).as(drill.err()).isZero();
    assertThat(single(drill).get("drill").get("status").asText()).isEqualTo("passed");

    ChildCli status = ChildCli.run(config.environment(), "", "status", "--config", file,
        "--json");
    assertThat(status.exit()).as(status.out()).isZero();
    JsonNode ok = single(status);
    assertThat(ok.get("status").asText()).isEqualTo("ok");
    JsonNode shopStatus = ok.get("targets").get(0);
    assertThat(shopStatus.get("newestBackup").get("id").asText()).isEqualTo(shopBackup);
    assertThat(shopStatus.get("lastVerifiedBackup").get("verification").get("status").asText())
        .isEqualTo("ok");
    ChildCli nagios = ChildCli.run(config.environment(), "", "status", "--config", file,
        "--nagios");
    assertThat(nagios.exit()).isZero();
    assertThat(nagios.out()).startsWith("LIFEBOAT OK - shop: newest backup ")
        .contains("'shop_newest_age'=").hasLineCount(1);
    ChildCli plain = ChildCli.run(config.environment(), "", "status", "--config", file);
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).contains("within RPO").endsWith("status: ok\n");

    ChildCli points = ChildCli.run(config.environment(), "", "restore", "list", "--target",
        "shop", "--config", file, "--json");
    assertThat(points.exit()).isZero();
    assertThat(single(points).get("verification").get("status").asText()).isEqualTo("ok");
    ChildCli pointsPlain = ChildCli.run(config.environment(), "", "restore", "list",
        "--target", "shop", "--config", file);
    assertThat(pointsPlain.out()).contains(shopBackup).contains("newest verified: "
        + shopBackup);
  }

  @Test
  void backupNowAllGoesOnAfterAFailedTargetAndExitsOne(TestPostgres pg) throws Exception {
    TestConfig config = new TestConfig(dir).target("down", "127.0.0.1", 1, "down", "nobody",
        "pw").target("shop", pg.newDatabase());
    String file = config.write().toString();

    ChildCli all = ChildCli.run(config.environment(), "", "backup", "now", "--all", "--config",
        file, "--json");

    assertThat(all.exit()).as("one backup failed").isEqualTo(1);
    List<JsonNode> runs = lines(all);
    assertThat(runs).extracting(r -> r.get("target").asText() + " " + r.get("state").asText())
        .containsExactly("down failed", "shop succeeded");
    assertThat(runs.get(0).get("error").get("code").asText()).isEqualTo("run_failed");
    assertThat(runs.get(0).get("error").get("message").asText()).contains("Cannot reach down");
    assertThat(runs.get(0).has("backup")).isFalse();
  }

  @Test
  void anUnknownTargetIsAUsageErrorWithACode(TestPostgres pg) throws Exception {
    TestConfig config = new TestConfig(dir).target("shop", pg.newDatabase());
    String file = config.write().toString();

    ChildCli r = ChildCli.run(config.environment(), "", "verify", "--target", "nosuch",
        "--config", file, "--json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(single(r).get("error").get("code").asText()).isEqualTo("not_found");
    assertThat(r.err()).contains("No target named 'nosuch'");
  }

  /** The one line of stdout, checked against the schema. */
  private static JsonNode single(ChildCli r) throws Exception {
    List<JsonNode> lines = lines(r);
    assertThat(lines).as(r.out() + r.err()).hasSize(1);
    return lines.get(0);
  }

  /** Every line of stdout, each checked against the schema. */
  private static List<JsonNode> lines(ChildCli r) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      JsonNode node = JSON.readTree(line);
      assertThat(schema.validate(node)).as(line).isEmpty();
      nodes.add(node);
    }
    return nodes;
  }
}
