package dev.lifeboat.restore;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.backup.Manifests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a restore would lose: per table, the live rows against the backup's, the tables on only
 * one side, and where a time column makes it cheap, the newest value on each side. Nullable
 * fields keep it plain JSON, for the approval it was shown with.
 *
 * @param backupTakenAt when the backup finished: the start of the data-loss window
 * @param at when the live side was read: the end of the window
 * @param limit how long counting may take; {@code limitHit} when the rest are estimates
 * @param unavailable why there is no live side (the target could not be read), else null
 */
public record LossPreview(String backup, Instant backupTakenAt, Instant at,
    List<TableDelta> tables, Duration limit, boolean limitHit,
    @JsonInclude(JsonInclude.Include.NON_NULL) String unavailable) {

  private static final ObjectMapper JSON = Manifests.mapper();

  public LossPreview {
    tables = List.copyOf(tables);
  }

  /** A preview without a live side: the request goes on, and the card says why. */
  public static LossPreview unavailable(String backup, Instant takenAt, Instant at,
      Duration limit, String why) {
    return new LossPreview(backup, takenAt, at, List.of(), limit, false, why);
  }

  /**
   * One table on either side.
   *
   * @param backupRows rows in the backup, null when the table is only live (the restore drops it)
   * @param liveRows rows now, null when the table is only in the backup (the restore brings it)
   * @param estimated {@code liveRows} is the planner's estimate, not a count
   * @param timeColumn the indexed time column the newest values are of, else null
   * @param newestLive the newest value now, null when unknown or empty
   * @param newestBackup the newest value in the backup's snapshot, null when unknown or empty
   */
  public record TableDelta(String table, Long backupRows, Long liveRows, boolean estimated,
      @JsonInclude(JsonInclude.Include.NON_NULL) String timeColumn,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant newestLive,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant newestBackup) {

    /** What the restore changes in this table: negative is rows lost. */
    @JsonIgnore
    public long delta() {
      return (backupRows == null ? 0 : backupRows) - (liveRows == null ? 0 : liveRows);
    }

    @JsonIgnore
    public boolean onlyLive() {
      return backupRows == null;
    }

    @JsonIgnore
    public boolean onlyInBackup() {
      return liveRows == null;
    }

    /** Whether the restore changes anything here that the preview can see. */
    @JsonIgnore
    public boolean changes() {
      return delta() != 0 || onlyLive() || onlyInBackup()
          || (newestLive != null && !newestLive.equals(newestBackup));
    }
  }

  @JsonIgnore
  public Optional<String> whyUnavailable() {
    return Optional.ofNullable(unavailable);
  }

  /** The data-loss window: from the backup to the moment the live side was read. */
  @JsonIgnore
  public Duration window() {
    return Duration.between(backupTakenAt, at);
  }

  /** The change in rows over all tables: negative is rows lost. */
  @JsonIgnore
  public long totalDelta() {
    return tables.stream().mapToLong(TableDelta::delta).sum();
  }

  @JsonIgnore
  public boolean anyEstimated() {
    return tables.stream().anyMatch(TableDelta::estimated);
  }

  /** The tables that change, most rows first; ties by name, so the card reads the same. */
  @JsonIgnore
  public List<TableDelta> changing() {
    return tables.stream().filter(TableDelta::changes)
        .sorted(Comparator.comparingLong((TableDelta t) -> -Math.abs(t.delta()))
            .thenComparing(TableDelta::table))
        .toList();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a loss preview always serializes", e);
    }
  }

  public static LossPreview fromJson(String json) {
    try {
      return JSON.readValue(json, LossPreview.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored loss preview cannot be read: " + e.getMessage(),
          e);
    }
  }

  /** The SHA-256 of the preview as stored: the audit record of what the approver saw. */
  public String hash() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(toJson().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
