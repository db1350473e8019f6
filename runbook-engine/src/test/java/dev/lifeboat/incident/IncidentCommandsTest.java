package dev.lifeboat.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.config.LifeboatConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /incident commands as typed, and the incidents: section as written. */
class IncidentCommandsTest {
  private final CommandParser parser = new CommandParser();
  @TempDir Path dir;

  @Test
  void theSubcommandsParseWithAndWithoutAnIncidentId() {
    assertThat(parser.parse("/incident start checkout is down shop --severity sev1"))
        .isEqualTo(new Command.IncidentStart("checkout is down shop", Severity.SEV1));
    assertThat(parser.parse("/incident start --sev=3 slow pages"))
        .isEqualTo(new Command.IncidentStart("slow pages", Severity.SEV3));
    assertThat(parser.parse("/incident start orders gone"))
        .isEqualTo(new Command.IncidentStart("orders gone", Severity.SEV2));
    assertThat(parser.parse("/incident role dba <@U0BOB|bob>"))
        .isEqualTo(new Command.IncidentRole(Optional.empty(), Role.DBA, "<@U0BOB|bob>"));
    assertThat(parser.parse("/incident i3 role commander @carol"))
        .isEqualTo(new Command.IncidentRole(Optional.of(3L), Role.COMMANDER, "@carol"));
    assertThat(parser.parse("/incident phase next"))
        .isEqualTo(new Command.IncidentPhase(Optional.empty(), "next"));
    assertThat(parser.parse("/incident I12 note rows back at 14:02"))
        .isEqualTo(new Command.IncidentNote(Optional.of(12L), "rows back at 14:02"));
    assertThat(parser.parse("/incident followup add a row-count alert"))
        .isEqualTo(new Command.IncidentFollowup(Optional.empty(), "add a row-count alert"));
    assertThat(parser.parse("/incident update restoring now"))
        .isEqualTo(new Command.IncidentUpdate(Optional.empty(), "restoring now"));
    assertThat(parser.parse("/incident timeline"))
        .isEqualTo(new Command.IncidentTimeline(Optional.empty()));
    assertThat(parser.parse("/incident resolve"))
        .isEqualTo(new Command.IncidentResolve(Optional.empty()));
    assertThat(parser.parse("/incident")).isEqualTo(new Command.IncidentShow(Optional.empty()));
  }

  @Test
  void mistakesAreNamedWithTheUsage() {
    assertThatThrownBy(() -> parser.parse("/incident start --severity sev9 x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("'sev9' is not a severity: sev1, sev2 or sev3.");
    assertThatThrownBy(() -> parser.parse("/incident start --severity sev1"))
        .hasMessageStartingWith("What is the incident? Usage: /incident start TITLE");
    assertThatThrownBy(() -> parser.parse("/incident note"))
        .hasMessage("Usage: /incident note TEXT");
    assertThatThrownBy(() -> parser.parse("/incident role dba $(reboot)"))
        .hasMessage("Usage: /incident role commander|scribe|dba @person");
    assertThatThrownBy(() -> parser.parse("/incident dance"))
        .hasMessageStartingWith("/incident dance is not a command. Usage: /incident start");
    assertThatThrownBy(() -> parser.parse("/incident i2 start again"))
        .hasMessageStartingWith("A new incident has no id yet.");
  }

  @Test
  void thePhasesGoInTheirOrderAndStopAtResolved() {
    assertThat(Phase.ASSESS.next()).isEqualTo(Phase.DECIDE);
    assertThat(Phase.COMMUNICATE.next()).isEqualTo(Phase.RESOLVED);
    assertThat(Phase.RESOLVED.next()).isEqualTo(Phase.RESOLVED);
    assertThat(Phase.all()).isEqualTo("assess → decide → restore → validate → communicate → "
        + "resolved");
  }

  @Test
  void aChannelNameIsWhatSlackAccepts() {
    Instant at = Instant.parse("2026-12-01T14:02:30Z");
    assertThat(IncidentService.channelName("Checkout is DOWN (again)!", at))
        .isEqualTo("inc-20261201-1402-checkout-is-down-again");
    assertThat(IncidentService.channelName("x".repeat(200), at)).hasSize(80);
  }

  @Test
  void theConfigSectionReplacesChecklistsRemindersAndNamesStakeholders() throws Exception {
    LifeboatConfig config = load("""
        incidents:
          own_channel: false
          checklists:
            validate: [Log in as a customer]
          reminders: {sev1: 15m, sev3: off}
          stakeholders: {slack: C0STAKE}
          point_in_time:
            shop: {url: "https://console.neon.tech/app/projects/p/branches"}
        """);
    IncidentSettings s = config.incidents();
    assertThat(s.ownChannel()).isFalse();
    assertThat(s.checklist(Phase.VALIDATE)).containsExactly("Log in as a customer");
    assertThat(s.checklist(Phase.ASSESS)).as("the default stays").first().asString()
        .startsWith("Stop writes");
    assertThat(s.reminder(Severity.SEV1)).contains(Duration.ofMinutes(15));
    assertThat(s.reminder(Severity.SEV2)).contains(Duration.ofHours(1));
    assertThat(s.reminder(Severity.SEV3)).isEmpty();
    assertThat(s.stakeholders()).isEqualTo(Map.of("slack", "C0STAKE"));
    assertThat(s.pointInTime().get("shop").url()).contains("neon.tech");

    assertThat(load("").incidents()).isEqualTo(IncidentSettings.defaults());
  }

  @Test
  void aBadSectionIsReportedWithItsKey() throws Exception {
    ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
        load("""
            incidents:
              checklists: {repair: [x]}
              point_in_time: {blog: {url: "https://x"}}
            """));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("incidents.checklists.repair")
        .contains("is not a phase"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("incidents.point_in_time.blog")
        .contains("no target named 'blog'"));
  }

  private LifeboatConfig load(String extra) throws Exception {
    Path file = dir.resolve("lifeboat.yaml");
    Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(file, "targets:\n  shop: {host: db, database: shop}\nstores:\n"
        + "  local: {path: backups}\n" + extra);
    return new ConfigLoader(Map.of()).load(file);
  }

  @Test
  void usageNamesEveryRole() {
    assertThat(List.of(Role.values())).extracting(Role::label)
        .containsExactly("commander", "scribe", "dba");
  }
}
