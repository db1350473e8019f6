package dev.lifeboat.config;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.access.Names;
import dev.lifeboat.escalation.EscalationPolicy;
import dev.lifeboat.monitor.MonitorSettings;
import dev.lifeboat.retention.RetentionPolicy;
import dev.lifeboat.schedule.CronExpression;
import dev.lifeboat.schedule.Schedule;
import dev.lifeboat.schedule.ScheduleKind;
import dev.lifeboat.schedule.Upkeep;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the parts of the config that make Lifeboat act on its own: each target's
 * {@code schedule}, {@code retention}, {@code monitors}, and the {@code escalation} policies.
 */
final class Upkeeps {
  /**
   * Defaults: a daily backup (what the 25-hour RPO default expects), a verification three hours
   * later (so each day's backup is proven within the day), a drill on the first of the month.
   * All in UTC unless the target names its time zone; each can be turned off.
   */
  static final Map<ScheduleKind, String> DEFAULT_SCHEDULES = Map.of(
      ScheduleKind.BACKUP, "0 2 * * *",
      ScheduleKind.VERIFY, "0 5 * * *",
      ScheduleKind.DRILL, "0 4 1 * *");

  private Upkeeps() {}

  static Upkeep upkeep(String target, ConfigNode t, Set<String> policies) {
    ZoneId zone = zone(t.child("schedule"));
    return new Upkeep(schedules(target, t.child("schedule"), zone), zone,
        retention(t.child("retention")), monitors(t, policies));
  }

  private static ZoneId zone(ConfigNode node) {
    ZoneId zone = ZoneId.of("UTC");
    Optional<String> zoneName = node.optionalString("time_zone");
    if (zoneName.isPresent()) {
      try {
        zone = ZoneId.of(zoneName.get());
      } catch (DateTimeException e) {
        node.child("time_zone").problem("'" + Names.shown(zoneName.get()) + "' is not a time "
            + "zone; use a name such as Europe/Berlin, America/New_York or UTC");
      }
    }
    return zone;
  }

  private static List<Schedule> schedules(String target, ConfigNode node, ZoneId zone) {
    node.allowOnly(Set.of("time_zone", "backup", "verify", "drill"));
    List<Schedule> schedules = new ArrayList<>();
    for (ScheduleKind kind : ScheduleKind.values()) {
      String text = node.string(kind.runbook(), DEFAULT_SCHEDULES.get(kind));
      if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
        continue;
      }
      try {
        schedules.add(new Schedule(target, kind, CronExpression.parse(text), zone));
      } catch (InvalidInputException e) {
        node.child(kind.runbook()).problem(e.getMessage() + ", or off");
      }
    }
    return schedules;
  }

  private static Optional<RetentionPolicy> retention(ConfigNode node) {
    if (node.isMissing()) {
      return Optional.empty(); // nothing is ever deleted unless a team says how much to keep
    }
    node.allowOnly(Set.of("daily", "weekly", "monthly", "yearly", "min_count", "min_age"));
    RetentionPolicy policy = new RetentionPolicy(node.integer("daily", 7, 0, 10_000),
        node.integer("weekly", 4, 0, 10_000), node.integer("monthly", 12, 0, 10_000),
        node.integer("yearly", 0, 0, 1_000), node.integer("min_count", 3, 1, 10_000),
        node.duration("min_age", Duration.ofDays(1)));
    return Optional.of(policy);
  }

  private static MonitorSettings monitors(ConfigNode t, Set<String> policies) {
    ConfigNode node = t.child("monitors");
    node.allowOnly(Set.of("size_change", "verify_window", "drill_every", "store_free_min",
        "approval_wait"));
    double sizeChange = node.parsed("size_change", Upkeeps::percent, "a percentage such as 20%")
        .orElse(0.20);
    Optional<String> escalation = t.optionalString("escalation");
    if (escalation.isEmpty() && policies.contains("default")) {
      escalation = Optional.of("default");
    }
    escalation.filter(p -> !policies.contains(p)).ifPresent(p -> t.child("escalation").problem(
        "no escalation policy named '" + Names.shown(p) + "'; define it under escalation:"));
    Optional<Secret> heartbeat = t.optionalString("heartbeat_url").map(url -> {
      if (!url.startsWith("https://") && !url.startsWith("http://")) {
        t.child("heartbeat_url").problem("must be an http:// or https:// URL (for example "
            + "${SHOP_HEARTBEAT_URL})");
      }
      return Secret.of(url, "heartbeat_url");
    });
    return new MonitorSettings(sizeChange, node.duration("verify_window", Duration.ofHours(24)),
        node.duration("drill_every", Duration.ofDays(32)),
        node.parsed("store_free_min", Upkeeps::bytes, "a size such as 5GB or 500MB")
            .orElse(1L << 30), node.duration("approval_wait", Duration.ofMinutes(15)), escalation,
        heartbeat);
  }

  static Map<String, EscalationPolicy> escalation(ConfigNode node, Set<String> people,
      Set<String> groups) {
    Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
    node.entries().forEach((name, levels) -> {
      List<EscalationPolicy.Level> list = new ArrayList<>();
      Duration previous = Duration.ZERO;
      for (ConfigNode level : levels.items()) {
        level.allowOnly(Set.of("notify", "after"));
        Duration after = level.duration("after", Duration.ZERO);
        if (after.compareTo(previous) < 0) {
          level.child("after").problem("must not be sooner than the level before it");
        }
        previous = after;
        List<String> notify = level.strings("notify");
        if (notify.isEmpty()) {
          level.problem("needs notify: [person or group, ...]");
        }
        for (String who : notify) {
          if (!people.contains(who) && !groups.contains(who)) {
            level.child("notify").problem("'" + Names.shown(who) + "' is neither a person nor a "
                + "group of this config");
          }
        }
        list.add(new EscalationPolicy.Level(after, notify));
      }
      if (list.isEmpty()) {
        levels.problem("needs at least one level, e.g. - {notify: [alice], after: 0m}");
      }
      policies.put(name, new EscalationPolicy(name, list));
    });
    return policies;
  }

  private static Optional<Double> percent(String text) {
    String t = text.strip();
    try {
      double value = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
          : Double.parseDouble(t);
      return value > 0 && value < 100 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> bytes(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+)\\s*(b|kb|mb|gb|tb)?")
        .matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase();
    int shift = switch (unit) {
      case "kb" -> 10;
      case "mb" -> 20;
      case "gb" -> 30;
      case "tb" -> 40;
      default -> 0;
    };
    return Optional.of(n << shift);
  }
}
