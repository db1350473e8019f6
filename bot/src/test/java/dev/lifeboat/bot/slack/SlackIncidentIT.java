package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import static dev.lifeboat.bot.slack.SlackHarness.ALICE;
import static dev.lifeboat.bot.slack.SlackHarness.BOB;
import static dev.lifeboat.bot.slack.SlackHarness.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incident in Slack through the real Bolt adapter and the fake Slack: its own channel is
 * created with its people invited, the card is one message edited in place, a restore is asked
 * for and approved by reaction inside it, a pinned message joins the timeline, an update
 * reaches the stakeholders and the summary repeats the restore run's own figures.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class SlackIncidentIT {
  private static final String STAKEHOLDERS = "C0STAKE";

  @TempDir Path dir;

  @Test
  void anIncidentRunsInItsOwnChannelFromStartToReport(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 100)");
    var lifeboat = SlackHarness.config(dir, db)
        .extra("escalation:\n  default:\n    - {notify: [bob], after: 0m}\n"
            + "incidents:\n  stakeholders: {slack: " + STAKEHOLDERS + "}\n").start();
    try (SlackHarness h = SlackHarness.start(lifeboat)) {
      h.backupOutsideSlack();

      String start = h.command(ALICE, "/incident start checkout down shop --severity sev2");

      FakeSlack.Call created = Await.until("the incident's channel", () -> h.slack
          .calls("conversations.create").stream().findFirst());
      assertThat(created.param("name")).matches("inc-\\d{8}-\\d{4}-checkout-down");
      FakeSlack.Call invited = Await.until("the invitation", () -> h.slack
          .calls("conversations.invite").stream().findFirst());
      String room = invited.param("channel");
      assertThat(invited.param("users")).contains(ALICE).contains(BOB);
      assertThat(h.answer(start).text()).contains("Opened i1 in #" + created.param("name")
          + "; you are its commander.");
      FakeSlack.Message card = Await.until("the card", () -> h.slack.find(room,
          m -> m.text().startsWith("i1 sev2 checkout down")));
      assertThat(card.blocks()).contains("i1 · sev2 · checkout down").contains("Data-loss "
          + "window if restored now").contains("Database reachable");
      Await.until("the ping of the escalation policy", () -> h.slack.find(room,
          m -> m.blocks().contains("cc <@U0BOB>")));

      assertThat(h.answer(h.command(ALICE, "/incident phase next", room)).text())
          .isEqualTo("i1 is in its decide phase.");
      Await.until("the card in its decide phase", () -> h.slack.message(room, card.ts())
          .filter(m -> m.text().equals("i1 sev2 checkout down (decide)")));
      assertThat(h.slack.find(room, m -> m.text().startsWith("i1 sev2 checkout down")))
          .as("still the same card").hasValueSatisfying(m -> assertThat(m.ts())
              .isEqualTo(card.ts()));

      h.command(ALICE, "/restore latest", room);
      FakeSlack.Message request = Await.until("the approval card", () -> h.slack.find(room,
          m -> m.text().startsWith("a1: alice asks to restore shop")));
      assertThat(request.blocks()).contains("Incident i1 (sev2): checkout down · phase decide");
      h.react(BOB, "white_check_mark", room, request.ts());
      Await.until("the restore", () -> lifeboat.engine().find(2)
          .filter(r -> r.state().isFinal()));
      assertThat(lifeboat.engine().completion(2).get(3, TimeUnit.MINUTES))
          .isEqualTo(RunState.SUCCEEDED);

      String said = h.slack.say(room, "Orders are back, counted 100");
      h.react(CAROL, "pushpin", room, said);
      Await.until("the pinned message in the timeline", () -> h.slack.find(room,
          m -> m.text().contains("pinned: Orders are back, counted 100")));

      h.command(ALICE, "/incident update Orders are back; watching", room);
      Await.until("the update for the stakeholders", () -> h.slack.find(STAKEHOLDERS,
          m -> m.blocks().contains("Orders are back; watching")));

      String timeline = h.command(ALICE, "/incident timeline", room);
      assertThat(h.answer(timeline).text()).contains("carol · pinned: Orders are back")
          .contains("`a1` approved by bob (1/1): it runs as r2");

      h.command(ALICE, "/incident resolve", room);
      FakeSlack.Message summary = Await.until("the summary", () -> h.slack.find(room,
          m -> m.text().startsWith("i1 resolved")));
      RunRecord restore = lifeboat.engine().find(2).orElseThrow();
      Duration took = Duration.between(restore.startedAt().orElseThrow(),
          restore.finishedAt().orElseThrow());
      assertThat(summary.blocks()).contains("Time to restore (RTO): *" + Ago.of(took) + "*")
          .contains("incident-i1-");
      Await.until("the card, resolved", () -> h.slack.message(room, card.ts())
          .filter(m -> m.blocks().contains("Resolved after ")));
    }
  }
}
