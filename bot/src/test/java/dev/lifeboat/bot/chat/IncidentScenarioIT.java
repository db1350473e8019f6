package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.command.Reply;
import dev.lifeboat.incident.TimelineEntry;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.present.Line;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.AdvancingClock;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incident from start to report through the shared inbound path, as a channel lives it: the
 * card and its pings, roles, phases with their checklists, a restore asked for and approved by
 * a second person inside it, the timeline nobody typed, reminders by the clock, and a report
 * whose figures are the runs' own. A real Lifeboat on a real database; the chat is a recording
 * room.
 */
@ExtendWith(PostgresExtension.class)
class IncidentScenarioIT {
  private static final Origin CHAT = new Origin("slack", "C1", "");

  @TempDir Path dir;
  private final AdvancingClock clock = new AdvancingClock();
  private final RecordingRoom room = new RecordingRoom();
  private Lifeboat lifeboat;
  private ChatInbound chat;

  @BeforeEach
  void start(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 50)");
    TestConfig config = new TestConfig(dir).target("shop", db)
        // Nothing fires by itself while the clock jumps: the test decides what runs.
        .targetOption("shop", "schedule", "{backup: off, verify: off, drill: off}")
        .chatId("alice", "slack", "UALICE").chatId("bob", "slack", "UBOB")
        .chatId("carol", "slack", "UCAROL").chatId("eve", "slack", "UEVE")
        .extra("escalation:\n  default:\n    - {notify: [bob], after: 0m}\n"
            + "    - {notify: [devops-leads], after: 15m}\n"
            + "incidents:\n  stakeholders: {slack: CSTAKE}\n"
            + "  checklists:\n    validate: [Log in as a customer, Count yesterday's orders]\n");
    lifeboat = Lifeboat.start(config.load(), config.environment(), clock, PgTools.discover());
    ChatPresenter presenter = new ChatPresenter();
    presenter.add(room);
    lifeboat.events().subscribe(presenter);
    lifeboat.incidents().openChannelsThrough(presenter);
    chat = new ChatInbound("slack", lifeboat.commands());
    ran("UALICE", "/backup now");
    ran("UALICE", "/verify latest");
  }

  @AfterEach
  void stop() throws Exception {
    lifeboat.engine().awaitIdle(Duration.ofMinutes(2));
    lifeboat.close();
  }

  @Test
  void aFullIncidentWithARestoreApprovedInsideItEndsInAReportOfTheRunsOwnFigures()
      throws Exception {
    clock.advance(Duration.ofHours(2));

    assertThat(said("UALICE", "/incident start checkout shows no orders shop --severity sev1"))
        .isEqualTo("Opened i1 here; you are its commander. The playbook: /incident phase next "
            + "· /incident note TEXT · /incident resolve");
    assertThat(room.notices()).anySatisfy(n -> assertThat(n)
        .startsWith("Incident i1 (sev1): checkout shows no orders on shop · commander alice")
        .contains("cc bob, carol")
        .contains("Checklist · assess").contains("☐ Stop writes"));
    assertThat(room.incidentCard(1).orElseThrow())
        .contains("i1 · sev1 · checkout shows no orders · shop")
        .contains("Phase assess (1/5) · commander alice")
        .containsPattern("Data-loss window if restored now: 2 h( \\d+ min)? \\(shop-\\d{8}-\\d{6}, "
            + "snapshot \\d\\d:\\d\\d UTC, verified\\)")
        .containsPattern("Expected restore: [0-9.]+ m?s \\(verified 2 h( \\d+ min)? ago; RTO 1 h\\)")
        .containsPattern("Database reachable · [0-9.]+ [kM]B")
        .contains("No approval waiting · nothing running")
        .containsPattern("Option: /restore shop-\\d{8}-\\d{6} shop");

    assertThat(said("UALICE", "/incident role dba @bob")).isEqualTo("bob is dba of i1.");
    assertThat(said("UEVE", "/incident phase next")).isEqualTo("Refused: only the commander "
        + "(alice) or someone who may restore or approve on shop may move the phase of i1.");
    assertThat(said("UALICE", "/incident phase next")).isEqualTo("i1 is in its decide phase.");
    assertThat(room.notices()).anySatisfy(n -> assertThat(n)
        .startsWith("i1 moves to decide (from assess, by alice)")
        .contains("☐ Notify stakeholders"));
    said("UALICE", "/incident note orders emptied by the 13:58 deploy");
    assertThat(said("UALICE", "/incident update Restoring the newest backup"))
        .isEqualTo("Update posted, also to the stakeholders; the next reminder counts from now.");
    said("UALICE", "/incident phase restore");

    said("UALICE", "/restore latest shop");
    assertThat(room.card(1).orElseThrow()).as("the approval card names its incident")
        .contains("Incident i1 (sev1): checkout shows no orders · phase restore · commander "
            + "alice");
    assertThat(room.incidentCard(1).orElseThrow()).contains("Waiting: a1 restore (0/1)");
    ChatInbound.Answer approved = chat.decide("UBOB", 1, true, "button");
    assertThat(Line.plain(approved.lines())).isEqualTo("You approved a1; r3 is starting.");
    assertThat(lifeboat.engine().completion(3).get(3, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
    lifeboat.engine().awaitIdle(Duration.ofMinutes(1));

    assertThat(said("UBOB", "/incident phase validate")).isEqualTo("i1 is in its validate "
        + "phase.");
    assertThat(room.notices()).anySatisfy(n -> assertThat(n).contains("☐ Log in as a customer")
        .contains("☐ Count yesterday's orders"));
    said("UALICE", "/incident followup alert when orders drop to zero");
    said("UALICE", "/incident phase communicate");

    String timeline = said("UALICE", "/incident timeline");
    assertThat(timeline).startsWith("i1 timeline · checkout shows no orders (UTC)");
    assertInOrder(timeline, "alice · opened sev1 on shop: checkout shows no orders",
        "alice · bob is dba", "alice · phase assess → decide",
        "alice · note: orders emptied by the 13:58 deploy",
        "alice · update: Restoring the newest backup", "alice · phase decide → restore",
        "alice · a1 restore of shop asked for",
        "alice · r3 restore of shop started (shop-",
        "lifeboat · r3 restore succeeded after ",
        "bob · phase restore → validate",
        "alice · follow-up: alert when orders drop to zero",
        "alice · phase validate → communicate");

    // The run starts on its own thread while the approval that started it is still being told,
    // so these two may come in either order; both come after the request and before the result.
    assertInOrder(timeline, "a1 restore of shop asked for", "bob · a1 approved by bob (1/1): it "
        + "runs as r3", "r3 restore succeeded");

    String summary = said("UALICE", "/incident resolve");

    RunRecord restore = lifeboat.engine().find(3).orElseThrow();
    Duration took = Duration.between(restore.startedAt().orElseThrow(),
        restore.finishedAt().orElseThrow());
    BackupRecord backup = lifeboat.catalog().find(restore.info().params().get("backup"));
    Duration loss = Duration.between(backup.manifest().startedAt(),
        restore.startedAt().orElseThrow());
    assertThat(loss).isGreaterThan(Duration.ofHours(2));
    assertThat(summary).startsWith("i1 resolved after ")
        .contains("Time to restore (RTO): " + Ago.of(took) + " (r3; objective 1 h)")
        .contains("Data-loss window (RPO): " + Ago.of(loss) + " (" + backup.id()
            + "; objective 1 d 1 h)")
        .contains("1 run · ").contains("1 follow-up")
        .containsPattern("Report: .*incident-i1-\\d{8}-\\d{6}\\.md");
    assertThat(room.notices()).anySatisfy(n -> assertThat(n).startsWith("i1 resolved after "));
    assertThat(room.incidentCard(1).orElseThrow()).contains("· resolved")
        .contains("Resolved after ").contains("by alice · report ");

    Path report;
    try (var files = Files.list(dir.resolve("backups/shop/reports"))) {
      report = files.filter(f -> f.getFileName().toString().startsWith("incident-i1-"))
          .findFirst().orElseThrow();
    }
    String markdown = Files.readString(report);
    assertThat(markdown).startsWith("# Incident i1: checkout shows no orders (sev1)")
        .contains("Commander alice · scribe — · dba bob")
        .contains("| time to restore (RTO) | " + Ago.of(took) + " (r3, ")
        .contains("| data-loss window (RPO) | " + Ago.of(loss) + " (snapshot of " + backup.id())
        .contains("| 1 h: met |").contains("| 1 d 1 h: met |")
        .contains("- r3 restore of shop, asked by alice, approved by bob: succeeded after "
            + Ago.of(took))
        .contains("- [x] r3 checksum succeeded").contains("- [x] r3 swap succeeded")
        .contains("- [ ] alert when orders drop to zero")
        .contains("## Timeline (UTC)");
    assertInOrder(markdown, "opened sev1", "a1 restore of shop asked for", "r3 restore of shop "
        + "started", "r3 restore succeeded", "resolved after");
    assertThat(said("UALICE", "/incident i1 note too late")).isEqualTo("i1 is resolved; its "
        + "report is " + markdownLocation(summary) + ". /incident start opens a new one.");
    assertThat(said("UALICE", "/incident note too late")).isEqualTo("No incident is open. "
        + "/incident start TITLE [target] opens one.");
  }

  @Test
  void aQuietCommanderIsRemindedOncePerIntervalByTheClockAndAnUpdateRestartsIt() {
    said("UALICE", "/incident start orders are slow --severity sev1");

    clock.advance(Duration.ofMinutes(29));
    lifeboat.tick();
    assertThat(reminders()).isEmpty();

    clock.advance(Duration.ofMinutes(2));
    lifeboat.tick();
    lifeboat.tick();
    assertThat(reminders()).containsExactly("alice: no update on i1 for 31 min. /incident "
        + "update TEXT tells the channel and the stakeholders.");

    said("UALICE", "/incident update Looking at the slow queries");
    clock.advance(Duration.ofMinutes(20));
    lifeboat.tick();
    assertThat(reminders()).hasSize(1);
    clock.advance(Duration.ofMinutes(10));
    lifeboat.tick();
    assertThat(reminders()).hasSize(2).last().asString().startsWith("alice: no update on i1 "
        + "for 30 min.");
    assertThat(lifeboat.incidents().entries(1)).filteredOn(e -> e.kind()
        == TimelineEntry.Kind.REMINDER).hasSize(2);
  }

  @Test
  void commandsOutsideAnIncidentSayWhatToDo() {
    assertThat(said("UALICE", "/incident timeline")).isEqualTo("No incident is open. /incident "
        + "start TITLE [target] opens one.");
    assertThat(said("UALICE", "/incident phase sideways")).isEqualTo("No incident is open. "
        + "/incident start TITLE [target] opens one.");
    said("UALICE", "/incident start checkout down");
    assertThat(said("UALICE", "/incident phase sideways")).startsWith("'sideways' is not a "
        + "phase. The phases are assess → decide → restore → validate → communicate → "
        + "resolved");
    assertThat(said("UALICE", "/incident start another one")).isEqualTo("i1 (checkout down) is "
        + "open in this channel already. /incident resolve closes it; /incident timeline shows "
        + "it.");
    assertThat(said("UALICE", "/incident i7 note hello")).isEqualTo("No incident i7. Open: i1 "
        + "(checkout down).");
    assertThat(said("UALICE", "/incident role pilot @bob")).startsWith("'pilot' is not a role");
  }

  private List<String> reminders() {
    return room.notices().stream().filter(n -> n.contains(": no update on ")).toList();
  }

  private static String markdownLocation(String summary) {
    return summary.substring(summary.indexOf("Report: ") + "Report: ".length()).strip();
  }

  private static void assertInOrder(String text, String... parts) {
    int at = -1;
    for (String part : parts) {
      int next = text.indexOf(part, at + 1);
      assertThat(next).as("'" + part + "' after position " + at + " in:\n" + text)
          .isGreaterThan(at);
      at = next;
    }
  }

  private void ran(String user, String text) throws Exception {
    Reply reply = chat.command(user, text, CHAT).reply().orElseThrow();
    long run = ((Reply.RunAccepted) reply).run().id();
    assertThat(lifeboat.engine().completion(run).get(2, TimeUnit.MINUTES))
        .isEqualTo(RunState.SUCCEEDED);
  }

  private String said(String user, String text) {
    return Line.plain(chat.command(user, text, CHAT).lines());
  }
}
