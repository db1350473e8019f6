package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as the README and cron jobs use it. Commands run in this JVM with standard
 * streams swapped, so each assertion sees exactly what a terminal would.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class CliIT {
  @TempDir Path dir;

  @Test
  void aScriptThatEndsBeforeTheChecklistIsAnsweredCancelsTheRunAndFails() throws Exception {
    Path demoConfig = TestConfig.repositoryRunbooks().getParent().resolve("demo/lifeboat.yaml");
    // A backup and a restore that bob approves, but nobody answers the demo restore's
    // checklist before the script ends: the run is cancelled, not waited for for ever.
    Result r = run("/backup now\n/backup list\n/restore latest\n/as bob\n/approve\n", "demo",
        "--config", demoConfig.toString());

    assertThat(r.exit).as(r.out + r.err).isEqualTo(1);
    assertThat(r.out)
        .contains("Starting a throwaway PostgreSQL cluster")
        .contains("people: alice (on call, you), bob (tech owner), carol (DevOps lead), eve")
        .containsPattern("✅ r1 backup of shop succeeded")
        .containsPattern("5 tables · 26,252 rows")
        .contains("Backups, newest first:")
        .contains("The input ended while r2 waits for an answer at its checklist: r2 is "
            + "cancelled. Add /continue or /abort to the script.")
        .doesNotContain("r2 restore of shop succeeded");
  }

  @Test
  void demoRestoreShowsWhatItWouldLoseAndStopsAtTheChecklistUntilBobConfirms()
      throws Exception {
    Path demoConfig = TestConfig.repositoryRunbooks().getParent().resolve("demo/lifeboat.yaml");
    // The README's script.
    Result r = run("/backup now\n/demo write 100\n/restore latest\n/as bob\n/approve\n"
        + "/continue\n", "demo", "--config", demoConfig.toString());

    assertThat(r.exit).as(r.out + r.err).isZero();
    assertThat(r.out)
        .contains("Wrote 100 rows to the demo shop")
        .containsPattern("Data-loss window: backup taken \\d\\d:\\d\\d UTC, .* ago · newest "
            + "order \\d\\d:\\d\\d live, \\d\\d:\\d\\d in the backup")
        .contains("Rows: −60 in total · orders −30 · order_items −20 · customers −10")
        .contains("orders 6,000 → 6,030 (−30)")
        .contains("❓ r2 · confirm asks: The restored copy passed its checks. Swap it in?")
        .contains("✅ bob confirmed confirm; r2 goes on.")
        .contains("✅ r2 restore of shop succeeded");
    assertThat(r.out.indexOf("bob> /continue")).as("the swap waits for bob's answer")
        .isLessThan(r.out.indexOf("r2 · swap (11/14)"));
  }

  @Test
  void headlessBackupPrintsOneLineOfJsonAndListsIt(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE t (id int)");
    db.execute("INSERT INTO t SELECT generate_series(1, 42)");
    TestConfig config = new TestConfig(dir).target("shop", db);
    Path file = config.write();

    Result backup = runWithEnv(config, "", "backup", "now", "--target", "shop", "--config",
        file.toString(), "--json");

    assertThat(backup.exit).as(backup.err).isZero();
    JsonNode json = new ObjectMapper().readTree(backup.out.strip());
    assertThat(json.get("state").asText()).isEqualTo("succeeded");
    assertThat(json.get("backup").get("rows").asLong()).isEqualTo(42);
    assertThat(json.get("backup").get("sha256").asText()).hasSize(64);
    assertThat(backup.err).contains("r1 · dump").contains("✅ r1 backup of shop succeeded");

    Result list = runWithEnv(config, "", "backup", "list", "--config", file.toString());
    assertThat(list.exit).isZero();
    assertThat(list.out).contains(json.get("backup").get("id").asText()).contains("42 rows");

    Result audit = runWithEnv(config, "", "audit", "verify", "--config", file.toString());
    assertThat(audit.exit).isZero();
    assertThat(audit.out).containsPattern("audit log intact: \\d+ entries");
  }

  @Test
  void configCheckConnectsToEveryTargetAndFailsOnOneThatIsDown(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    TestConfig good = new TestConfig(dir.resolve("good")).target("shop", db);
    Result ok = runWithEnv(good, "", "config", "check", "--config", good.write().toString());
    assertThat(ok.exit).as(ok.out).isZero();
    assertThat(ok.out).contains("✓ target shop: PostgreSQL " + pg.cluster().installation()
        .version()).contains("✓ store local").contains("✓ runbooks: backup")
        .contains("shop: backup \"0 2 * * *\", verify \"0 5 * * *\", drill \"0 4 1 * *\" (UTC); "
            + "retention: none, nothing is deleted; alerts: no escalation policy, nobody is "
            + "pinged");
    // Server binaries of the target's version are installed here: verification stays local.
    assertThat(ok.out).contains("✓ verify shop: scratch restores run on a throwaway PostgreSQL "
        + pg.cluster().majorVersion() + " cluster on this machine");

    TestConfig down = new TestConfig(dir.resolve("down")).target("shop", "127.0.0.1", 1, "shop",
        "lifeboat", "s3cret-value");
    Result bad = runWithEnv(down, "", "config", "check", "--config", down.write().toString());
    assertThat(bad.exit).as("a check failed").isEqualTo(4);
    assertThat(bad.out).contains("✗ target shop: Cannot reach shop").doesNotContain("s3cret");
  }

  @Test
  void aBadConfigIsRejectedWithFileKeyAndExitCodeThree() throws Exception {
    Path file = dir.resolve("lifeboat.yaml");
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(file, "targets:\n  shop:\n    url: postgresql://app@db:5432/shop\n"
        + "    password_env: LIFEBOAT_TEST_UNSET_PASSWORD\n    rpo: soon\n"
        + "stores:\n  local: {type: local, path: backups}\n");

    Result r = run("", "backup", "now", "--config", file.toString());

    assertThat(r.exit).as("configuration invalid").isEqualTo(3);
    assertThat(r.err)
        .contains("lifeboat.yaml: targets.shop.password_env: LIFEBOAT_TEST_UNSET_PASSWORD is not "
            + "set")
        .contains("lifeboat.yaml: targets.shop.rpo: must be a duration");
  }

  @Test
  void anUnknownCommandExitsNonZeroAndSaysWhatExists() {
    for (String[] args : new String[][] {{"frobnicate"}, {"backup", "frobnicate"},
        {"backup"}}) {
      Result r = run("", args);

      assertThat(r.exit).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err).as(String.join(" ", args)).containsAnyOf("Unmatched argument",
          "Missing required subcommand");
    }
  }

  @Test
  void configCheckReportsAMissingSlackTokenByKeyWithoutStartingAnything() throws Exception {
    // No database behind the target: nothing may be contacted or opened to find the problem.
    TestConfig config = new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody",
        "unused").chat("slack", "{enabled: true, bot_token_env: LIFEBOAT_TEST_NO_BOT_TOKEN, "
            + "app_token_env: LIFEBOAT_TEST_NO_APP_TOKEN}");
    Path file = config.write();

    Result r = runWithEnv(config, "", "config", "check", "--config", file.toString());

    assertThat(r.exit).as("configuration invalid").isEqualTo(3);
    assertThat(r.err)
        .contains("lifeboat.yaml: chat.slack.bot_token_env: LIFEBOAT_TEST_NO_BOT_TOKEN is not set")
        .contains("lifeboat.yaml: chat.slack.app_token_env: LIFEBOAT_TEST_NO_APP_TOKEN is not set");
    assertThat(r.out).doesNotContain("✓ state");
    assertThat(dir.resolve("state")).as("the state database was never opened").doesNotExist();
  }

  private record Result(int exit, String out, String err) {}

  private static Result runWithEnv(TestConfig config, String stdin, String... args)
      throws Exception {
    ChildCli r = ChildCli.run(config.environment(), stdin, args);
    return new Result(r.exit(), r.out(), r.err());
  }

  private static synchronized Result run(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.execute(args);
      return new Result(exit, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
