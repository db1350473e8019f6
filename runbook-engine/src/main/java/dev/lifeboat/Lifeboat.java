package dev.lifeboat;

import dev.lifeboat.alert.AlertRepository;
import dev.lifeboat.alert.AlertService;
import dev.lifeboat.approval.ApprovalService;
import dev.lifeboat.ask.AskStep;
import dev.lifeboat.ask.Inquiries;
import dev.lifeboat.approval.JdbcApprovalRepository;
import dev.lifeboat.audit.AuditLog;
import dev.lifeboat.audit.AuditTrail;
import dev.lifeboat.backup.Artifacts;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupDump;
import dev.lifeboat.backup.BackupPreflight;
import dev.lifeboat.command.CommandService;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.event.EventHub;
import dev.lifeboat.monitor.Heartbeat;
import dev.lifeboat.monitor.Monitors;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.Instance;
import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.RunEngine;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.drill.DrillReportStep;
import dev.lifeboat.restore.KeptCopies;
import dev.lifeboat.restore.RestoreRecovery;
import dev.lifeboat.restore.RestoreSteps;
import dev.lifeboat.runbook.Plans;
import dev.lifeboat.runbook.Runbook;
import dev.lifeboat.runbook.RunbookLoader;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.retention.BackupsInUse;
import dev.lifeboat.retention.DeleteBackupStep;
import dev.lifeboat.retention.PruneAfterBackup;
import dev.lifeboat.retention.Pruner;
import dev.lifeboat.schedule.FiringClaims;
import dev.lifeboat.schedule.ScheduledRuns;
import dev.lifeboat.schedule.Scheduler;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.Stores;
import dev.lifeboat.verify.ScratchServers;
import dev.lifeboat.verify.VerifySteps;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything wired by hand, in one place: state, stores, catalog, audit, steps, runbooks, the run
 * engine and the command service. Adapters subscribe to {@link #events()}, then call
 * {@link #recover()} so they hear about runs a previous process left unfinished.
 */
public final class Lifeboat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lifeboat.class);
  /** Time the cancelled runs' cleanup steps (thaw, drop scratch) get at shutdown. */
  private static final Duration CLEANUP = Duration.ofSeconds(3);
  private final LifeboatConfig config;
  private final StateDatabase state;
  private final Stores stores;
  private final BackupCatalog catalog;
  private final AuditLog audit;
  private final EventHub events;
  private final RunEngine engine;
  private final CommandService commands;
  private final Map<String, Runbook> runbooks;
  private final BackupPreflight preflight;
  private final ApprovalService approvals;
  private final RestoreRecovery recovery;
  private final Inquiries inquiries;
  private final Instance instance;
  private final ScratchServers scratchServers;
  private final KeptCopies keptCopies;
  private final Scheduler scheduler;
  private final Pruner pruner;
  private final AlertService alerts;
  private final Monitors monitors;
  private final dev.lifeboat.incident.IncidentService incidents;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-timers");
    t.setDaemon(true);
    return t;
  });

  private Lifeboat(LifeboatConfig config, Map<String, String> environment, Clock clock,
      PgTools tools, Map<String, Step> extraSteps) {
    this.config = config;
    this.state = StateDatabase.open(config.state());
    this.stores = Stores.from(config.stores());
    this.catalog = new BackupCatalog(state);
    this.audit = new AuditLog(state, clock);
    this.events = new EventHub();
    events.subscribe(new AuditTrail(audit));

    this.preflight = new BackupPreflight(tools, stores, catalog);
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("backup.preflight", preflight);

    BackupDump dump = new BackupDump(preflight, stores, catalog, config.backup(),
        config.encryption(), clock);
    steps.put("backup.dump", dump);
    this.scratchServers = new ScratchServers(tools, ScratchServers.defaultDirectory());
    Artifacts artifacts = new Artifacts(stores, config.encryption());
    steps.putAll(VerifySteps.create(catalog, artifacts, tools, scratchServers, clock));
    steps.putAll(RestoreSteps.create(catalog, artifacts, tools, dump, clock));
    dev.lifeboat.restore.LossPreviewer losses = new dev.lifeboat.restore.LossPreviewer(clock);
    steps.put("drill.report", new DrillReportStep(stores, losses, clock));
    steps.put("http.check", new dev.lifeboat.http.HttpCheck());
    steps.put("webhook", new dev.lifeboat.http.Webhook(clock));
    steps.put("exec", new dev.lifeboat.exec.Exec(environment, config.file().getParent()));
    JdbcRunRepository runs = new JdbcRunRepository(state);
    this.inquiries = new Inquiries(state, config.access(), audit, clock,
        id -> runs.find(id).map(dev.lifeboat.run.RunRecord::info));
    steps.put("ask", new AskStep(inquiries, config.groups().keySet(), clock));
    steps.putAll(extraSteps);
    // Read at call time: approvals and the engine are built after the steps they run.
    this.pruner = new Pruner(config, catalog, stores,
        this::backupsInUse, audit, clock);
    steps.put("backup.delete", new DeleteBackupStep(pruner));

    this.runbooks = new RunbookLoader(steps, environment).load(config.runbooks());
    this.instance = Instance.current(environment);
    this.engine = new RunEngine(runs, steps, events, clock, instance, config.instance().lease());
    Plans plans = new Plans(runbooks, config.runbooks());
    this.approvals = new ApprovalService(new JdbcApprovalRepository(state), plans, engine,
        config, audit, events, clock);
    events.subscribe(new PruneAfterBackup(pruner));
    events.subscribe(new Heartbeat(config));
    this.monitors = new Monitors(config, catalog, engine, stores, approvals, clock);
    this.alerts = new AlertService(config, monitors, new AlertRepository(state), events, audit,
        clock);
    this.scheduler = new Scheduler(config.targets().keySet().stream()
        .flatMap(t -> config.upkeep(t).schedules().stream()).toList(), new FiringClaims(state),
        new ScheduledRuns(config, plans, engine, catalog, audit), clock, instance.shown());
    dev.lifeboat.incident.IncidentRepository incidentRows =
        new dev.lifeboat.incident.IncidentRepository(state);
    this.incidents = new dev.lifeboat.incident.IncidentService(config, incidentRows,
        new dev.lifeboat.incident.Assessor(config, catalog, approvals, engine, clock),
        new dev.lifeboat.incident.IncidentReports(incidentRows, engine, approvals, catalog,
            stores), alerts, audit, events, clock);
    // Subscribed before any adapter: a run's timeline line is written before it is shown.
    events.subscribe(incidents);
    this.commands = new CommandService(config, plans, engine, approvals, catalog, audit, pruner,
        alerts, scheduler, clock, new KeptCopies(clock), inquiries, losses, incidents);
    this.recovery = new RestoreRecovery(catalog, scratchServers);
    events.subscribe(this::prepareScratch);
    this.keptCopies = new KeptCopies(clock);
  }

  /**
   * When a run that restores into a scratch database starts, its local cluster (if that is where
   * it goes) starts at once in the background instead of at the restore step.
   */
  private void prepareScratch(dev.lifeboat.event.LifeboatEvent event) {
    if (!(event instanceof dev.lifeboat.event.LifeboatEvent.RunStarted started)) {
      return;
    }
    RunInfo run = started.run();
    Runbook runbook = runbooks.get(run.runbook());
    String backup = run.params().get("backup");
    if (runbook == null || backup == null || !config.targets().containsKey(run.target())
        || runbook.steps().stream().noneMatch(s -> s.uses().equals("verify.restore-scratch"))) {
      return;
    }
    try {
      int major = dev.lifeboat.postgres.DumpVersion.major(catalog.find(backup).manifest()
          .serverVersion());
      if (major > 0) {
        scratchServers.prepare(config.target(run.target()), major);
      }
    } catch (RuntimeException e) {
      // "latest" or a backup gone: the restore step chooses (and says why) itself
    }
  }

  private java.util.Map<String, String> backupsInUse(String target) {
    return BackupsInUse.of(approvals, engine, target);
  }

  /**
   * Starts the clock-driven work of a long-running Lifeboat: approval requests expire on time,
   * and runs whose owner stopped renewing its lease (a crashed or unreachable instance) are
   * recovered once the lease has run out; schedules fire. Short commands (a cron backup) do not
   * need it.
   */
  public void startTimers() {
    timers.scheduleWithFixedDelay(() -> {
      try {
        approvals.expireDue();
      } catch (RuntimeException e) {
        LOG.warn("Could not expire approval requests: {}", e.getMessage());
      }
    }, 5, 15, TimeUnit.SECONDS);
    long lease = config.instance().lease().toMillis();
    timers.scheduleWithFixedDelay(() -> {
      try {
        if (!recoverAbandoned(new ArrayList<>()).isEmpty()) {
          // As at a start: a dead run may have published a backup it never recorded, and the
          // one-off commands that follow trust the catalog.
          catalog.rebuild(stores.all());
        }
      } catch (RuntimeException e) {
        LOG.warn("Could not look for abandoned runs: {}", e.getMessage());
      }
    }, lease, lease, TimeUnit.MILLISECONDS);
    // Databases kept by side-by-side restores are dropped as they expire, not left to pile up.
    timers.scheduleWithFixedDelay(this::pruneKeptCopies, 1, 60, TimeUnit.MINUTES);
    // Every 15 s: a firing starts within 15 s of its slot, which no schedule finer than a minute
    // could notice; the tick itself is a few indexed queries per schedule.
    timers.scheduleWithFixedDelay(this::tick, 2, 15, TimeUnit.SECONDS);
  }

  private void pruneKeptCopies() {
    for (var target : config.targets().values()) {
      // A run of any instance (seen through its lease) may be swapping databases right now.
      if (engine.active(target.name()).isPresent()) {
        continue;
      }
      for (String line : keptCopies.prune(target)) {
        LOG.info("{}: {}", target.name(), line);
        if (line.startsWith("dropped ")) {
          audit.append("lifeboat", "drop kept copy", target.name(), line, "succeeded");
        }
      }
    }
  }

  /**
   * One round of the clock-driven upkeep: schedules fire, then the monitors look at every target
   * and alerts are raised, escalated or resolved. Timers call it; tests call it.
   *
   * @return the firings this instance started or skipped
   */
  public List<Scheduler.Fired> tick() {
    List<Scheduler.Fired> fired = List.of();
    try {
      fired = scheduler.tick();
    } catch (RuntimeException e) {
      LOG.warn("Could not fire schedules: {}", e.getMessage());
    }
    try {
      alerts.tick();
    } catch (RuntimeException e) {
      LOG.warn("Could not check the monitors: {}", e.getMessage());
    }
    try {
      incidents.tick();
    } catch (RuntimeException e) {
      LOG.warn("Could not look after the open incidents: {}", e.getMessage());
    }
    return fired;
  }

  public static Lifeboat start(LifeboatConfig config, Map<String, String> environment,
      Clock clock, PgTools tools) {
    return new Lifeboat(config, environment, clock, tools, Map.of());
  }

  /**
   * A Lifeboat with more steps than the built-in ones, or some replaced: for tests that need a
   * step to fail, hold or cancel at a chosen moment, on the same engine the commands use.
   */
  public static Lifeboat start(LifeboatConfig config, Map<String, String> environment,
      Clock clock, PgTools tools, Map<String, Step> extraSteps) {
    return new Lifeboat(config, environment, clock, tools, extraSteps);
  }

  /** What {@link #recover()} found and tidied. */
  public record Recovery(List<RunInfo> interrupted, List<String> removedPartials,
      BackupCatalog.Sync catalog) {}

  /**
   * Tidies what dead processes left: runs whose owner is gone (its lease ran out, or it ran on
   * this host and its pid is dead) are taken over, their half-written artifacts removed, their
   * target thawed and their copies dropped, and they are marked interrupted (and announced).
   * Runs of live processes are not touched. Then the catalog is brought in line with the stores.
   */
  public Recovery recover() {
    return recover(true);
  }

  /**
   * As {@link #recover()}, for a one-off command (a cron backup, a verify): the catalog is read
   * back from the stores only when it may lack something, that is when it is empty (a new state
   * database) or a dead run was found (it may have published a backup it did not record).
   * Otherwise it is trusted: every process records a backup as it publishes it. Reading every
   * manifest of every store, an S3 listing and one request per backup included, cost each cron
   * backup about 130 ms with a local store of a few backups; a serve or console still reads them
   * all when it starts, and {@code lifeboat catalog rebuild} does on demand.
   */
  public Recovery recoverForCommand() {
    return recover(false);
  }

  private Recovery recover(boolean readStores) {
    List<String> removed = new ArrayList<>();
    List<RunInfo> interrupted = recoverAbandoned(removed);
    // A dead run may have published a backup it never recorded; an empty catalog may be a new
    // state database. Either way the stores say what there is.
    int listed = readStores || !interrupted.isEmpty() ? 0 : catalog.size();
    BackupCatalog.Sync sync = listed == 0 ? catalog.rebuild(stores.all())
        : new BackupCatalog.Sync(0, 0, listed, List.of());
    scratchServers.removeLeftovers();
    return new Recovery(interrupted, removed, sync);
  }

  private List<RunInfo> recoverAbandoned(List<String> removed) {
    return engine.recoverInterrupted(run -> {
      List<String> lines = new ArrayList<>();
      for (Store store : stores.all()) {
        for (String partial : store.removeIncomplete(run.id())) {
          removed.add(partial);
          lines.add("removed the unfinished backup " + partial + " in store " + store.name());
        }
      }
      if (config.targets().containsKey(run.target())) {
        lines.addAll(recovery.recover(run, config.target(run.target())));
      }
      return lines;
    });
  }

  /**
   * Orderly shutdown (SIGTERM): nothing new starts, going runs get
   * {@code instance.shutdown_grace} to finish, the rest are cancelled and clean up after
   * themselves; their final states go to the adapters as usual. Call before closing adapters.
   *
   * @return runs that could not even finish their cleanup; they gave up their lease, so the next
   *     start recovers them
   */
  public List<RunInfo> shutdown() throws InterruptedException {
    timers.shutdownNow();
    return engine.drain(config.instance().shutdownGrace(), CLEANUP);
  }

  /** This process, as the state database and people know it. */
  public Instance instance() {
    return instance;
  }

  public LifeboatConfig config() {
    return config;
  }

  public EventHub events() {
    return events;
  }

  public RunEngine engine() {
    return engine;
  }

  public CommandService commands() {
    return commands;
  }

  public BackupCatalog catalog() {
    return catalog;
  }

  public AuditLog audit() {
    return audit;
  }

  public Stores stores() {
    return stores;
  }

  public StateDatabase state() {
    return state;
  }

  /** Where chat adapters posted their messages, kept across restarts. */
  public dev.lifeboat.state.MessageLocations messages() {
    return new dev.lifeboat.state.MessageLocations(state);
  }

  public ApprovalService approvals() {
    return approvals;
  }

  /** The questions ask steps wait on, answered with /continue and /abort. */
  public Inquiries inquiries() {
    return inquiries;
  }

  /** What is wrong with each target right now, as the alerts and lifeboat status see it. */
  public Monitors monitors() {
    return monitors;
  }

  public AlertService alerts() {
    return alerts;
  }

  /** Incidents: adapters hand it their presenter, so incidents get channels of their own. */
  public dev.lifeboat.incident.IncidentService incidents() {
    return incidents;
  }

  public Pruner pruner() {
    return pruner;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public BackupPreflight preflight() {
    return preflight;
  }

  public Map<String, Runbook> runbooks() {
    return runbooks;
  }

  /** Where verification restores: see {@link ScratchServers}. */
  public ScratchServers scratchServers() {
    return scratchServers;
  }

  @Override
  public void close() {
    timers.shutdownNow();
    engine.close();
    scratchServers.close();
    state.close();
    stores.close();
  }
}
