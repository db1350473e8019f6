package dev.lifeboat.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The console adapter driven by a script, as `printf ... | lifeboat console` would. */
@ExtendWith(PostgresExtension.class)
class ConsoleChatIT {
  @TempDir Path dir;

  @Test
  void aScriptedSessionBacksUpListsAndRefusesWhatIsNotAllowed(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 1234)");
    String script = String.join("\n", "/backup now", "/backup list", "/backup status",
        "/restore latest allow-unfinished-migrations", "/cancel a1", "/as bob", "/backup now", "/as eve", "/backup list", "/as mallory", "/frobnicate",
        "/backup now $(reboot)", "/as alice", "/runs", "");

    Session session = run(new TestConfig(dir).target("shop", db), "alice", script);

    assertThat(session.exit).as("lines were refused").isEqualTo(2);
    assertThat(session.output)
        .contains("alice> /backup now")
        .contains("r1 backup of shop started for alice (preflight → dump); /cancel r1 stops it")
        .containsPattern("✅ r1 backup of shop succeeded after [0-9.]+ (ms|s)")
        .containsPattern("shop-\\d{8}-\\d{6} · [0-9.]+ kB · 1 table · 1,234 rows")
        .containsPattern("sha256 [0-9a-f]{12} · store local")
        .containsPattern("sha256 [0-9a-f]{64}")
        .contains("Backups, newest first:")
        .contains("(within RPO 1 d 1 h)")
        .contains("⚠ Restores even if the backup's Prisma history has a failed or unfinished "
            + "migration (allow-unfinished-migrations)")
        .contains("You are now bob")
        .contains("⛔ Refused: bob may not take backups on shop.")
        .contains("⛔ Refused: eve may not see any target's backups.")
        .contains("No person named 'mallory' in the config.")
        .contains("Lifeboat does not know /frobnicate. Type /help to see the commands.")
        .contains("'$(reboot)' is not a valid target name")
        .contains("r1 backup shop · succeeded · alice")
        .contains("5 lines were not understood or refused: line 7 (/backup now), line 9 "
            + "(/backup list), line 10 (/as mallory), line 11 (/frobnicate), line 12 "
            + "(/backup now $(reboot)). Exit status 2.");
    // Each command finished before the next was read: the list follows the summary.
    assertThat(session.output.indexOf("✅ r1")).isLessThan(
        session.output.indexOf("alice> /backup list"));
  }

  @Test
  void aTypoInAPipedScriptFailsItAndSaysWhichLine(TestPostgres pg) throws Exception {
    Session session = run(new TestConfig(dir).target("shop", pg.newDatabase()), "alice",
        "/backup list\n/foo\n/backup now nosuch\n");

    assertThat(session.exit).isEqualTo(2);
    assertThat(session.output).contains("No backups yet.")
        .contains("2 lines were not understood or refused: line 2 (/foo), line 3 (/backup now "
            + "nosuch). Exit status 2.");
  }

  @Test
  void verifyAndDrillReportTheDatabasesNumbersAndKeepTheDrillReport(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE customers (id int PRIMARY KEY)");
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int REFERENCES customers)");
    db.execute("INSERT INTO customers SELECT generate_series(1, 300)");
    db.execute("INSERT INTO orders SELECT g, 1 + g % 300 FROM generate_series(1, 4321) g");
    long rows = db.count("customers") + db.count("orders");

    Session session = run(new TestConfig(dir).target("shop", db), "alice",
        "/backup now\n/verify latest\n/drill\n/backup list\n");

    assertThat(session.exit).as(session.output).isZero();
    assertThat(session.output)
        .containsPattern("✅ r2 verify of shop succeeded")
        .contains("checksum ok · 2 tables, " + String.format("%,d", rows) + " rows match")
        .containsPattern("✅ r3 drill of shop succeeded")
        .containsPattern("drill PASSED · RTO [0-9.]+ m?s \\(objective 1 h\\)")
        .containsPattern("Data that would have been lost: [0-9.]+ m?s of writes, no table "
            + "changed since the backup")
        .containsPattern("· verified [0-9.]+ m?s ago");
    java.nio.file.Path reports = dir.resolve("backups/shop/reports");
    try (var files = java.nio.file.Files.list(reports)) {
      java.nio.file.Path report = files.filter(f -> f.toString().endsWith(".md")).findFirst()
          .orElseThrow();
      assertThat(java.nio.file.Files.readString(report))
          .startsWith("# Restore drill: shop, ")
          .contains("Result: **PASSED**")
          .contains("- row counts: 2 tables, " + String.format("%,d", rows) + " rows compared")
          .contains("- checksum: matches")
          .contains("## Data that would have been lost")
          .contains("- orders 4,321 → 4,321, unchanged")
          .contains("Nothing: the drill ran unattended.");
    }
  }

  @Test
  void impersonationIsRefusedUnlessTheConfigAllowsIt(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    TestConfig config = new TestConfig(dir).target("shop", db);
    // The test config allows it; a config without impersonation must refuse /as.
    try (Lifeboat lifeboat = config.impersonation(false).start()) {
      Session session = run(lifeboat, "alice", "/as bob\n/backup list\n");
      assertThat(session.output).contains("/as is turned off: this console acts as alice.")
          .contains("No backups yet.").doesNotContain("You are now bob");
    }
  }

  @Test
  void aFailedRunMakesTheExitCodeNonZero(TestPostgres pg) throws Exception {
    TestConfig config = new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "nobody",
        "pw");
    Session session = run(config, "alice", "/backup now\n");
    assertThat(session.exit).isEqualTo(1);
    assertThat(session.output).contains("❌ r1 backup of shop failed")
        .contains("preflight: Cannot reach shop");
  }

  @Test
  void aPipedScriptAnswersARunsChecklistAndTheRunGoesOn(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    String checklist = "name: verify\nparams: {backup: {default: latest}, target: {}}\nsteps:\n"
        + "  - {id: select, uses: backup.select, timeout: 1m}\n"
        + "  - {id: smoke, uses: ask, timeout: 2m, with: {prompt: 'Before we go on:', "
        + "checklist: ['Log in works?', 'Upload and play a video?']}}\n";
    String script = String.join("\n", "/backup now", "/verify latest", "/as eve", "/continue",
        "/as bob", "/continue", "");

    Session session = run(new TestConfig(dir).target("shop", db).runbook("verify", checklist),
        "alice", script);

    assertThat(session.exit).as("eve's /continue was refused").isEqualTo(2);
    assertThat(session.output)
        .contains("1 line was not understood or refused: line 4 (/continue)")
        .contains("Log in works?").contains("Upload and play a video?")
        .contains("eve> /continue")
        .contains("No run is waiting for your confirmation (r2 waits for others).")
        .contains("bob> /continue")
        .contains("Your answer counts: r2 goes on.")
        .containsPattern("✅ r2 verify of shop succeeded");
    assertThat(session.output.indexOf("bob> /continue")).isLessThan(
        session.output.indexOf("✅ r2 verify"));
  }

  private record Session(int exit, String output) {}

  private static Session run(TestConfig config, String user, String script) throws Exception {
    try (Lifeboat lifeboat = config.start()) {
      return run(lifeboat, user, script);
    }
  }

  private static Session run(Lifeboat lifeboat, String user, String script) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConsoleRenderer renderer = new ConsoleRenderer(out, false, Clock.systemUTC());
    dev.lifeboat.bot.chat.ChatPresenter presenter = new dev.lifeboat.bot.chat.ChatPresenter();
    presenter.add(renderer);
    lifeboat.events().subscribe(presenter);
    lifeboat.recover();
    ConsoleChat chat = new ConsoleChat(lifeboat, renderer,
        lifeboat.commands().access().person(user), false);
    int exit = chat.run(new BufferedReader(new StringReader(script)));
    return new Session(exit, bytes.toString(StandardCharsets.UTF_8));
  }
}
