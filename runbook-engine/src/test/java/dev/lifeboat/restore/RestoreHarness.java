package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.runbook.Plan;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.verify.Keys;
import dev.lifeboat.verify.RestoredDatabase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Lifeboat whose engine also knows small stand-ins (test.select, a postgres.drop-temporary on
 * the test cluster, probes that fail, hold or cancel), the restore runbook in a few variants
 * beside the shipped ones, and a web server that records the maintenance webhook.
 */
final class RestoreHarness implements AutoCloseable {
  static final Origin ORIGIN = Origin.of("test");
  /** The token in the webhook's path, which must never reach the run's log. */
  static final String WEBHOOK_TOKEN = "s3cr3t-hook-token";

  /** The shipped restore runbook, with stand-ins where the verify steps would be. */
  private static final String RESTORE_YAML = """
      name: restore
      description: Replace a target database with a backup, behind the two-person rule.
      destructive: true
      approval: {required: 1, from: [tech-owners, devops-leads], expires: 30m}
      params: {backup: {default: latest}, target: {}, mode: {default: side-by-side}}
      steps:
        - {id: select, uses: test.select, timeout: 1m}
        - {id: freeze, uses: postgres.read-only, with: {webhook: "%1$s"}, timeout: 2m}
        - {id: safety-backup, uses: backup.safety, timeout: 6h}
        - {id: restore, uses: postgres.restore, with: {jobs: 2}, timeout: 6h}
        - {id: checks, uses: %2$s, timeout: 10m}
        - {id: swap, uses: postgres.swap, timeout: 5m}
        - {id: release, uses: test.release, always: true, timeout: 1m}
        - {id: thaw, uses: postgres.read-write, always: true, timeout: 2m}
        - {id: cleanup, uses: postgres.drop-temporary, always: true, timeout: 10m}
        - {id: report, uses: restore.report, always: true, timeout: 1m}
      """;

  final Lifeboat lifeboat;
  final LocalCluster cluster;
  final RecordingSink events = new RecordingSink();
  /** Lifeboat's own engine: the one its commands use. */
  final RunEngine engine;
  /** What a new session on the target saw in the middle of each run ("on": read-only). */
  final List<String> readOnlyDuringRun = new CopyOnWriteArrayList<>();
  /** Webhook bodies, in the order they arrived. */
  final List<String> webhookCalls = new CopyOnWriteArrayList<>();
  private final HttpServer webhook;
  private final AtomicReference<Connection> held = new AtomicReference<>();

  private RestoreHarness(TestConfig config, LocalCluster cluster) throws Exception {
    this.cluster = cluster;
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", exchange -> {
      webhookCalls.add(new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
    String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/"
        + WEBHOOK_TOKEN;
    // The variants sit beside the shipped runbooks, so Lifeboat's own engine runs them.
    config.runbook("restore", RESTORE_YAML.formatted(url, "test.probe"))
        .runbook("restore-failing", RESTORE_YAML.formatted(url, "test.fail")
            .replace("name: restore", "name: restore-failing"))
        .runbook("restore-held", RESTORE_YAML.formatted(url, "test.hold")
            .replace("name: restore", "name: restore-held"))
        .runbook("restore-cancelled", RESTORE_YAML.formatted(url, "test.cancel")
            .replace("name: restore", "name: restore-cancelled"));
    try {
      this.lifeboat = config.start(standIns());
    } catch (RuntimeException e) {
      webhook.stop(0);
      throw e;
    }
    this.engine = lifeboat.engine();
    lifeboat.events().subscribe(events);
  }

  /** Small steps in place of those written elsewhere, and hooks into the run for the tests. */
  private Map<String, Step> standIns() {
    Map<String, Step> steps = new HashMap<>();
    steps.put("test.select", ctx -> ctx.put(Keys.BACKUP,
        lifeboat.catalog().find(ctx.param("backup").orElseThrow())));
    steps.put("postgres.drop-temporary", ctx -> {
      Optional<RestoredDatabase> restored = ctx.get(Keys.RESTORED);
      if (restored.isPresent() && restored.get().temporary()) {
        cluster.dropDatabase(restored.get().connection().database());
        ctx.log("dropped " + restored.get().connection().database());
      }
    });
    steps.put("test.probe", ctx -> readOnlyDuringRun.add(Shop.readOnlyDefault(cluster,
        ctx.target().connection().database())));
    steps.put("test.fail", ctx -> {
      readOnlyDuringRun.add(Shop.readOnlyDefault(cluster, ctx.target().connection().database()));
      throw new LifeboatException("1 of 1 checks failed on the restored copy");
    });
    // Someone types /cancel while the run is between the restore and the swap.
    steps.put("test.cancel", ctx -> lifeboat.engine().cancel(ctx.run().id(), "bob"));
    // A superuser session on the restored copy, which a non-superuser Lifeboat cannot end.
    steps.put("test.hold", ctx -> held.set(cluster.connect(
        ctx.get(Keys.RESTORED).orElseThrow().connection().database())));
    steps.put("test.release", ctx -> {
      Connection c = held.getAndSet(null);
      if (c != null) {
        c.close();
      }
    });
    return steps;
  }

  static RestoreHarness start(Path dir, TestConfig config, LocalCluster cluster)
      throws Exception {
    return new RestoreHarness(config, cluster);
  }

  BackupRecord backup() throws Exception {
    Person alice = lifeboat.commands().access().person("alice");
    Reply reply = lifeboat.commands().execute(alice, new Command.BackupNow(Optional.of("shop")),
        ORIGIN);
    long id = ((Reply.RunAccepted) reply).run().id();
    lifeboat.engine().completion(id).get(2, TimeUnit.MINUTES);
    LifeboatEvent.RunFinished finished = events.finished(id);
    assertThat(finished.error()).isEmpty();
    return lifeboat.catalog().latest("shop").orElseThrow();
  }

  LifeboatEvent.RunFinished restore(String runbook, String backupId, String mode)
      throws Exception {
    Plan plan = Plan.of(lifeboat.runbooks().get(runbook), lifeboat.config().target("shop"),
        Map.of("backup", backupId, "target", "shop", "mode", mode), "alice");
    RunInfo run = engine.start(plan, ORIGIN);
    engine.completion(run.id()).get(3, TimeUnit.MINUTES);
    return events.finished(run.id());
  }

  List<String> statuses(LifeboatEvent.RunFinished finished) {
    return events.of(LifeboatEvent.StepFinished.class).stream()
        .filter(e -> e.run().id() == finished.run().id())
        .map(e -> e.step() + " " + e.status()).toList();
  }

  List<String> logs(LifeboatEvent.RunFinished finished) {
    return events.of(LifeboatEvent.StepLog.class).stream()
        .filter(e -> e.run().id() == finished.run().id())
        .map(e -> e.step() + ": " + e.line()).toList();
  }

  static RestoreReport report(LifeboatEvent.RunFinished finished) {
    return finished.results().stream().filter(RunResult.Restored.class::isInstance)
        .map(r -> ((RunResult.Restored) r).report()).findFirst()
        .orElseThrow(() -> new AssertionError("no Restored result in " + finished.results()));
  }

  /** Rows of one query, first column, on {@code database}. */
  List<String> query(String database, String sql) throws Exception {
    try (Connection c = cluster.connect(database); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> rows = new java.util.ArrayList<>();
      while (r.next()) {
        rows.add(r.getString(1));
      }
      return rows;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      Connection c = held.getAndSet(null);
      if (c != null) {
        c.close();
      }
    } finally {
      webhook.stop(0);
      lifeboat.close();
    }
  }
}
