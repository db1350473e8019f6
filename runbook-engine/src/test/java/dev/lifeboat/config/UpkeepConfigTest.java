package dev.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.retention.RetentionPolicy;
import dev.lifeboat.schedule.Schedule;
import dev.lifeboat.schedule.ScheduleKind;
import dev.lifeboat.schedule.Upkeep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules, retention, monitors and escalation as lifeboat.yaml spells them. */
class UpkeepConfigTest {
  private static final String PEOPLE = """
      people:
        alice: {groups: [dba]}
        carol: {}
        cto: {}
      groups:
        dba: {may: [backup]}
      stores:
        local: {path: backups}
      """;

  @TempDir Path dir;

  private LifeboatConfig load(String yaml) throws Exception {
    Files.createDirectories(dir.resolve("runbooks"));
    Path file = dir.resolve("lifeboat.yaml");
    Files.writeString(file, yaml + PEOPLE);
    return new ConfigLoader(Map.of("PW", "pw", "HB", "https://hc.example/ping/abc"))
        .load(file);
  }

  @Test
  void aTargetWithoutScheduleGetsTheDailyDefaultsAndNoRetention() throws Exception {
    Upkeep upkeep = load("""
        targets:
          shop: {host: db, database: shop, password_env: PW}
        """).upkeep("shop");
    assertThat(upkeep.schedules()).extracting(s -> s.kind() + " " + s.cron() + " " + s.zone())
        .containsExactly("BACKUP 0 2 * * * UTC", "VERIFY 0 5 * * * UTC", "DRILL 0 4 1 * * UTC");
    assertThat(upkeep.retention()).isEmpty();
    assertThat(upkeep.monitors().sizeChange()).isEqualTo(0.20);
    assertThat(upkeep.monitors().escalation()).isEmpty();
  }

  @Test
  void readsSchedulesRetentionMonitorsAndEscalation() throws Exception {
    LifeboatConfig config = load("""
        targets:
          shop:
            host: db
            database: shop
            password_env: PW
            schedule: {time_zone: Europe/Berlin, backup: "*/15 * * * *", drill: off}
            retention: {daily: 7, weekly: 4, monthly: 12, yearly: 2, min_count: 5, min_age: 2d}
            monitors: {size_change: 30%, verify_window: 12h, drill_every: 45d}
            heartbeat_url: ${HB}
        escalation:
          default:
            - {notify: [alice], after: 0m}
            - {notify: [carol], after: 15m}
            - {notify: [cto], after: 45m}
        """);
    Upkeep upkeep = config.upkeep("shop");
    assertThat(upkeep.schedules()).extracting(Schedule::kind)
        .containsExactly(ScheduleKind.BACKUP, ScheduleKind.VERIFY);
    assertThat(upkeep.schedules().get(0).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(upkeep.retention()).contains(new RetentionPolicy(7, 4, 12, 2, 5,
        Duration.ofDays(2)));
    assertThat(upkeep.monitors().sizeChange()).isEqualTo(0.30);
    assertThat(upkeep.monitors().drillEvery()).isEqualTo(Duration.ofDays(45));
    assertThat(upkeep.monitors().escalation()).contains("default");
    assertThat(upkeep.monitors().heartbeat()).hasValueSatisfying(h ->
        assertThat(h.toString()).doesNotContain("abc"));
    EscalationPolicy policy = config.escalation().get("default");
    assertThat(policy.levels()).extracting(EscalationPolicy.Level::after)
        .containsExactly(Duration.ZERO, Duration.ofMinutes(15), Duration.ofMinutes(45));
    assertThat(policy.dueLevel(Duration.ofMinutes(20))).isEqualTo(2);
  }

  @Test
  void theShippedExampleConfigIsValidAndSchedulesEveryQuarterHour() {
    Path shipped = dev.lifeboat.testing.TestConfig.repositoryRunbooks().getParent()
        .resolve("lifeboat.yaml");
    LifeboatConfig config = new ConfigLoader(Map.of("SHOP_DB_PASSWORD", "pw")).load(shipped);
    Upkeep shop = config.upkeep("shop");
    assertThat(shop.schedules().get(0).cron().text()).isEqualTo("*/15 * * * *");
    assertThat(shop.retention()).isPresent();
    assertThat(config.escalation().get("default").levels()).hasSize(3);
    assertThat(config.serve().httpPort()).hasValue(9464);
  }

  @Test
  void reportsEveryMistakeWithItsKey() throws Exception {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        targets:
          shop:
            host: db
            database: shop
            password_env: PW
            schedule: {time_zone: Mars/Olympus, backup: "every hour"}
            escalation: night
        escalation:
          default:
            - {notify: [mallory], after: 15m}
            - {notify: [cto], after: 5m}
        """));
    assertThat(e.problems()).hasSize(5);
    assertThat(String.join("\n", e.problems()))
        .contains("targets.shop.schedule.time_zone: 'Mars/Olympus' is not a time zone")
        .contains("targets.shop.schedule.backup: 'every hour' is not a cron expression")
        .contains("no escalation policy named 'night'")
        .contains("'mallory' is neither a person nor a group")
        .contains("must not be sooner than the level before it");
  }
}
