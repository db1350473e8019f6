package dev.lifeboat.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.TableCount;
import dev.lifeboat.command.Reply;
import dev.lifeboat.drill.DrillReport;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.monitor.Finding;
import dev.lifeboat.monitor.Severity;
import dev.lifeboat.present.Transcript;
import dev.lifeboat.restore.KeptCopies;
import dev.lifeboat.restore.RestoreReport;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.verify.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one shape of every {@code --json} output, as docs/json.md and
 * docs/lifeboat-output.schema.json describe it: one JSON object per line, its {@code kind}
 * saying which (run, backup, kept-database, status, error). Run ids are "r12" as people type
 * them, timestamps ISO-8601 in UTC, durations seconds, a backup's tables always the same array.
 * Built field by field rather than from the records, so a renamed Java field cannot change
 * what scripts read.
 */
final class OutputJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OutputJson() {}

  /** A finished run: what it was, how it ended, what it produced. */
  static ObjectNode run(LifeboatEvent.RunFinished f, Optional<RunRecord> record) {
    ObjectNode node = kind("run");
    node.put("id", f.run().ref());
    node.put("runbook", f.run().runbook());
    node.put("target", f.run().target());
    node.put("state", f.state().label());
    node.put("requestedBy", f.run().requestedBy());
    node.put("createdAt", f.run().createdAt().toString());
    time(node, "startedAt", record.flatMap(RunRecord::startedAt));
    time(node, "finishedAt", record.flatMap(RunRecord::finishedAt));
    node.put("seconds", seconds(f.took()));
    for (RunResult r : f.results()) {
      switch (r) {
        case RunResult.BackupTaken b -> node.set("backup", backup(b.manifest(), b.store(),
            Optional.empty(), Optional.empty(), Optional.empty()));
        case RunResult.Verified v -> node.set("verification", verification(v.report()));
        case RunResult.Restored x -> node.set("restore", restore(x.report()));
        case RunResult.Drilled d -> node.set("drill", drill(d.report()));
      }
    }
    f.error().ifPresent(e -> node.set("error", error("run_" + f.state().label(), e)));
    // What a person reads, in the words of every other renderer.
    ArrayNode summary = node.putArray("summary");
    Transcript.finished(f).forEach(l -> summary.add(l.plain()));
    return node;
  }

  static ObjectNode backup(BackupRecord b) {
    return backup(b.manifest(), b.store(), b.lastVerifiedAt(), b.lastVerifyResult(),
        b.lastRestoreTook());
  }

  private static ObjectNode backup(BackupManifest m, String store, Optional<Instant> verifiedAt,
      Optional<String> verifyResult, Optional<Duration> restoreTook) {
    ObjectNode node = kind("backup");
    node.put("id", m.id());
    node.put("target", m.target());
    node.put("database", m.database());
    node.put("store", store);
    node.put("run", "r" + m.runId());
    node.put("startedAt", m.startedAt().toString());
    node.put("finishedAt", m.finishedAt().toString());
    node.put("bytes", m.bytes());
    node.put("sha256", m.sha256());
    node.put("format", m.format());
    node.put("compression", m.compression());
    node.put("encryption", m.encryption());
    node.put("serverVersion", m.serverVersion());
    node.put("pgDumpVersion", m.pgDumpVersion());
    node.put("createdBy", m.createdBy());
    node.put("rows", m.totalRows());
    ArrayNode tables = node.putArray("tables");
    for (TableCount t : m.tables()) {
      tables.addObject().put("schema", t.schema()).put("table", t.table()).put("rows", t.rows());
    }
    ObjectNode verification = node.putObject("verification");
    boolean good = verifiedAt.isPresent() && verifyResult.filter(r -> r.startsWith("ok"))
        .isPresent();
    verification.put("status", verifiedAt.isEmpty() ? "never" : good ? "ok" : "failed");
    time(verification, "at", verifiedAt);
    verifyResult.ifPresentOrElse(r -> verification.put("result", r),
        () -> verification.putNull("result"));
    restoreTook.ifPresentOrElse(d -> verification.put("restoreSeconds", seconds(d)),
        () -> verification.putNull("restoreSeconds"));
    return node;
  }

  private static ObjectNode verification(VerifyReport v) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("backup", v.backupId());
    node.put("status", v.ok() ? "ok" : "failed");
    v.checksumOk().ifPresentOrElse(c -> node.put("checksumOk", c), () -> node.putNull(
        "checksumOk"));
    node.put("tablesCompared", v.tablesCompared());
    node.put("rowsCompared", v.rowsCompared());
    node.put("checksPassed", v.checksPassed());
    node.put("checksRun", v.checksRun());
    v.restoreTook().ifPresentOrElse(d -> node.put("restoreSeconds", seconds(d)),
        () -> node.putNull("restoreSeconds"));
    ArrayNode problems = node.putArray("problems");
    v.problems().forEach(problems::add);
    ArrayNode notes = node.putArray("notes");
    v.notes().forEach(notes::add);
    return node;
  }

  private static ObjectNode restore(RestoreReport r) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("backup", r.backupId());
    node.put("database", r.database());
    node.put("mode", r.mode());
    r.keptAs().ifPresentOrElse(k -> node.put("keptAs", k), () -> node.putNull("keptAs"));
    r.safetyBackup().ifPresentOrElse(s -> node.put("safetyBackup", s),
        () -> node.putNull("safetyBackup"));
    node.put("seconds", seconds(r.took()));
    return node;
  }

  private static ObjectNode drill(DrillReport d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("status", d.passed() ? "passed" : "failed");
    node.put("at", d.at().toString());
    node.put("rpoSeconds", seconds(d.rpoMeasured()));
    node.put("rpoObjectiveSeconds", seconds(d.rpoObjective()));
    node.put("rpoMet", d.rpoMet());
    d.rtoMeasured().ifPresentOrElse(r -> node.put("rtoSeconds", seconds(r)),
        () -> node.putNull("rtoSeconds"));
    node.put("rtoObjectiveSeconds", seconds(d.rtoObjective()));
    node.put("rtoMet", d.rtoMet());
    node.put("report", d.location());
    node.set("verification", verification(d.verification()));
    return node;
  }

  /** A database a side-by-side restore replaced, kept for rollback. */
  static ObjectNode kept(String target, KeptCopies.KeptCopy k) {
    ObjectNode node = kind("kept-database");
    node.put("target", target);
    node.put("database", k.database());
    node.put("keptAt", k.keptAt().toString());
    node.put("bytes", k.bytes());
    time(node, "until", k.until());
    return node;
  }

  /**
   * Every target's verdict, with what the monitors found.
   *
   * @param verdict the worst of the targets': ok, warning or critical
   */
  static ObjectNode status(Reply.Status status, List<Finding> findings, String verdict) {
    ObjectNode node = kind("status");
    node.put("status", verdict);
    node.put("at", status.now().toString());
    ArrayNode targets = node.putArray("targets");
    for (Reply.TargetStatus t : status.targets()) {
      List<Finding> own = findings.stream().filter(f -> f.target().equals(t.target())).toList();
      ObjectNode target = targets.addObject();
      target.put("target", t.target());
      target.put("status", StatusVerdict.of(own).label());
      target.put("rpoSeconds", seconds(t.rpo()));
      target.put("rtoSeconds", seconds(t.rto()));
      t.latest().ifPresentOrElse(b -> {
        target.set("newestBackup", backup(b));
        target.put("newestBackupAgeSeconds", seconds(Duration.between(b.manifest().finishedAt(),
            status.now())));
      }, () -> {
        target.putNull("newestBackup");
        target.putNull("newestBackupAgeSeconds");
      });
      t.lastVerified().ifPresentOrElse(b -> target.set("lastVerifiedBackup", backup(b)),
          () -> target.putNull("lastVerifiedBackup"));
      t.lastDrill().ifPresentOrElse(d -> {
        ObjectNode drill = target.putObject("lastDrill");
        drill.put("run", d.info().ref());
        drill.put("state", d.state().label());
        time(drill, "finishedAt", d.finishedAt());
      }, () -> target.putNull("lastDrill"));
      t.active().ifPresentOrElse(a -> {
        ObjectNode running = target.putObject("running");
        running.put("run", a.info().ref());
        running.put("runbook", a.info().runbook());
        a.step().ifPresentOrElse(s -> running.put("step", s), () -> running.putNull("step"));
      }, () -> target.putNull("running"));
      t.next().ifPresentOrElse(n -> target.putObject("nextSchedule")
          .put("runbook", n.schedule().kind().runbook()).put("at", n.at().toString()),
          () -> target.putNull("nextSchedule"));
      target.put("openAlerts", t.alerts().size());
      ArrayNode problems = target.putArray("problems");
      for (Finding f : own) {
        problems.addObject().put("code", f.monitor()).put("severity", Severity.of(f).label())
            .put("message", f.summary());
      }
    }
    return node;
  }

  /** What stopped a command, for a script: a stable code and a message for the person. */
  static ObjectNode failure(String code, String message, Optional<String> target) {
    ObjectNode node = kind("error");
    target.ifPresent(t -> node.put("target", t));
    node.set("error", error(code, message));
    return node;
  }

  private static ObjectNode error(String code, String message) {
    return MAPPER.createObjectNode().put("code", code).put("message", message);
  }

  private static ObjectNode kind(String kind) {
    return MAPPER.createObjectNode().put("kind", kind);
  }

  private static void time(ObjectNode node, String field, Optional<Instant> at) {
    at.ifPresentOrElse(t -> node.put(field, t.toString()), () -> node.putNull(field));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
