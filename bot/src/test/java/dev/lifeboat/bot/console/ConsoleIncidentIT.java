package dev.lifeboat.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunRecord;
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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident playbook on the console, as the README shows it: start, assess, a restore
 * approved by a second person, validate, resolve; the summary's figures are the restore run's.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleIncidentIT {
  @TempDir Path dir;

  @Test
  void aScriptedIncidentFromStartToReport(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 500)");
    String script = String.join("\n", "/backup now", "/verify latest",
        "/incident start orders vanished shop --severity sev1", "/incident role dba @bob",
        "/incident phase next", "/incident update Restoring last night's backup",
        "/incident phase restore", "/restore latest", "/as bob", "/approve", "/as alice",
        "/incident phase validate", "/incident note row counts match the backup",
        "/incident followup alert on an empty orders table", "/incident timeline",
        "/incident resolve", "");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    RunRecord restore;
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      ConsoleRenderer renderer = new ConsoleRenderer(out, false, Clock.systemUTC());
      ChatPresenter presenter = new ChatPresenter();
      presenter.add(renderer);
      lifeboat.events().subscribe(presenter);
      lifeboat.incidents().openChannelsThrough(presenter);
      exit = new ConsoleChat(lifeboat, renderer, lifeboat.commands().access().person("alice"),
          false).run(new BufferedReader(new StringReader(script)));
      restore = lifeboat.engine().find(3).orElseThrow();
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    Duration took = Duration.between(restore.startedAt().orElseThrow(),
        restore.finishedAt().orElseThrow());

    assertThat(exit).as(output).isZero();
    assertThat(output)
        .contains("🚨 i1 · sev1 · orders vanished · shop")
        .containsPattern("Data-loss window if restored now: [0-9.]+ m?s")
        .contains("🚨 Incident i1 (sev1): orders vanished on shop · commander alice")
        .contains("cc nobody (the target has no escalation policy)")
        .contains("Opened i1 here; you are its commander.")
        .contains("bob is dba of i1 (set by alice)").doesNotContain("bob is dba of i1.")
        .contains("🚀 i1 moves to decide (from assess, by alice)")
        .contains("Update on i1 from alice: Restoring last night's backup")
        .contains("Incident i1 (sev1): orders vanished · phase restore · commander alice")
        .contains("a1 👍 bob approved by command (1/1) · starting r3")
        .containsPattern("✅ r3 restore of shop succeeded")
        .contains("☐ Verify critical tables and row counts")
        .contains("i1 timeline · orders vanished (UTC)")
        .contains("✅ i1 resolved after ")
        .contains("Time to restore (RTO): " + Ago.of(took) + " (r3; objective 1 h)")
        .containsPattern("Data-loss window \\(RPO\\): [0-9.]+ m?s \\(shop-\\d{8}-\\d{6}; "
            + "objective 1 d 1 h\\)")
        .containsPattern("1 run · \\d+ steps passed · 1 follow-up")
        .containsPattern("Report: .*/backups/shop/reports/incident-i1-\\d{8}-\\d{6}\\.md");
    assertThat(output.indexOf("✅ r3 restore of shop succeeded")).as("the restore finished "
        + "before the next line was read").isLessThan(output.indexOf("alice> /incident phase "
            + "validate"));
  }
}
