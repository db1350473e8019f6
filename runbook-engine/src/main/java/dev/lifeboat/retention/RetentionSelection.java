package dev.lifeboat.retention;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.Ago;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which backups a retention policy keeps, and why; the rest may go. A pure function of the
 * backups, the policy and the time, so a year of synthetic backups tests it in milliseconds.
 */
public final class RetentionSelection {

  /** A backup kept, with every reason it is kept (the channel shows them in a dry run). */
  public record Kept(BackupRecord backup, List<String> reasons) {
    public Kept {
      reasons = List.copyOf(reasons);
    }
  }

  /** The outcome: kept and pruned, each newest first. */
  public record Result(List<Kept> kept, List<BackupRecord> pruned) {
    public Result {
      kept = List.copyOf(kept);
      pruned = List.copyOf(pruned);
    }
  }

  private RetentionSelection() {}

  /**
   * @param protectedIds backups that must stay whatever the policy says (a pending restore
   *     refers to them), with the reason
   */
  public static Result select(List<BackupRecord> backups, RetentionPolicy policy, Instant now,
      ZoneId zone, Map<String, String> protectedIds) {
    List<BackupRecord> newestFirst = backups.stream()
        .sorted(Comparator.comparing((BackupRecord b) -> b.manifest().finishedAt()).reversed())
        .toList();
    Map<String, List<String>> reasons = new LinkedHashMap<>();

    for (int i = 0; i < Math.min(policy.minCount(), newestFirst.size()); i++) {
      keep(reasons, newestFirst.get(i), "one of the " + policy.minCount() + " newest");
    }
    for (BackupRecord b : newestFirst) {
      if (Duration.between(b.manifest().finishedAt(), now).compareTo(policy.minAge()) < 0) {
        keep(reasons, b, "younger than " + Ago.of(policy.minAge()));
      }
    }
    newestFirst.stream().filter(BackupRecord::verifiedGood).findFirst()
        .ifPresent(b -> keep(reasons, b, "the newest verified backup"));
    for (BackupRecord b : newestFirst) {
      String why = protectedIds.get(b.id());
      if (why != null) {
        keep(reasons, b, why);
      }
    }
    bucket(reasons, newestFirst, policy.daily(), zone, "daily",
        t -> t.toLocalDate().toString());
    bucket(reasons, newestFirst, policy.weekly(), zone, "weekly",
        t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W"
            + String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    bucket(reasons, newestFirst, policy.monthly(), zone, "monthly",
        t -> t.getYear() + "-" + String.format("%02d", t.getMonthValue()));
    bucket(reasons, newestFirst, policy.yearly(), zone, "yearly",
        t -> Integer.toString(t.getYear()));

    List<Kept> kept = new ArrayList<>();
    List<BackupRecord> pruned = new ArrayList<>();
    for (BackupRecord b : newestFirst) {
      List<String> why = reasons.get(b.id());
      if (why == null) {
        pruned.add(b);
      } else {
        kept.add(new Kept(b, why));
      }
    }
    return new Result(kept, pruned);
  }

  /** Keeps the newest backup of each of the {@code count} newest periods that have one. */
  private static void bucket(Map<String, List<String>> reasons, List<BackupRecord> newestFirst,
      int count, ZoneId zone, String name, Function<ZonedDateTime, String> period) {
    Set<String> seen = new HashSet<>();
    for (BackupRecord b : newestFirst) {
      if (seen.size() >= count) {
        return;
      }
      String p = period.apply(b.manifest().finishedAt().atZone(zone));
      if (seen.add(p)) {
        keep(reasons, b, name + " " + p);
      }
    }
  }

  private static void keep(Map<String, List<String>> reasons, BackupRecord b, String why) {
    reasons.computeIfAbsent(b.id(), id -> new ArrayList<>()).add(why);
  }
}
