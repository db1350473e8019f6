package dev.lifeboat.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Manifests;
import dev.lifeboat.bot.chat.ChatPresenter;
import dev.lifeboat.bot.console.ConsoleRenderer;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.Transcript;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lifeboat backup now|list}: headless, for cron jobs and scripts. */
@Command(name = "backup", description = "Take or list backups without a chat.",
    subcommands = {BackupCommand.Now.class, BackupCommand.ListBackups.class})
final class BackupCommand {

  /** The person a headless command acts as, in the audit log: cli:USER. */
  static dev.lifeboat.access.Person operator() {
    return AccessPolicy.operator("cli:" + System.getProperty("user.name", "unknown"));
  }

  @Command(name = "now", description = "Take a backup now. Progress goes to stderr, a one-line "
      + "summary to stdout; the exit code is 0 only when the backup succeeded.")
  static final class Now implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME",
        description = "the target to back up (may be left out when there is only one)")
    String target;

    @Option(names = "--json", description = "print the summary as one line of JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      try (Lifeboat lifeboat = ConfigOption.start(config.load(), ConfigOption.environment())) {
        CompletableFuture<LifeboatEvent.RunFinished> finished = new CompletableFuture<>();
        // Progress on stderr, without chat hints: nobody can type /cancel here.
        ChatPresenter presenter = new ChatPresenter();
        presenter.add(new ConsoleRenderer(System.err, false, false, Clock.systemUTC()));
        lifeboat.events().subscribe(presenter);
        lifeboat.events().subscribe(e -> {
          if (e instanceof LifeboatEvent.RunFinished f) {
            finished.complete(f);
          }
        });
        lifeboat.recover();
        Reply reply = lifeboat.commands().execute(operator(),
            new dev.lifeboat.command.Command.BackupNow(Optional.ofNullable(target)), Origin.of("cli"));
        long runId = ((Reply.RunAccepted) reply).run().id();
        // A cron job's timeout or systemd stopping it sends SIGTERM: cancel cleanly (the
        // partial artifact goes, the run is recorded as cancelled) rather than die mid-write.
        StopSignal stop = StopSignal.install();
        Thread stopper = new Thread(() -> {
          try {
            stop.await();
            lifeboat.engine().cancel(runId, stop.name());
          } catch (InterruptedException | RuntimeException e) {
            // finished meanwhile, or exiting anyway
          }
        }, "lifeboat-stop");
        stopper.setDaemon(true);
        stopper.start();
        lifeboat.engine().completion(runId).get();
        LifeboatEvent.RunFinished result = finished.get();
        System.out.println(json ? json(result) : plain(result));
        return result.state() == dev.lifeboat.run.RunState.SUCCEEDED ? 0 : 1;
      }
    }

    /** The same words as the console's summary, as plain text. */
    private static String plain(LifeboatEvent.RunFinished f) {
      // "succeeded r1 shop" first, as scripts read it; then the words every renderer uses.
      return f.state().label() + " " + f.run().ref() + " " + f.run().target() + "\n"
          + Line.plain(Transcript.finished(f));
    }

    private static String json(LifeboatEvent.RunFinished f) {
      ObjectMapper mapper = Manifests.mapper();
      ObjectNode node = mapper.createObjectNode();
      node.put("run", f.run().ref());
      node.put("target", f.run().target());
      node.put("state", f.state().label());
      node.put("seconds", f.took().toMillis() / 1000.0);
      f.error().ifPresent(e -> node.put("error", e));
      for (RunResult r : f.results()) {
        switch (r) {
          case RunResult.BackupTaken b -> {
            ObjectNode backup = node.putObject("backup");
            backup.put("id", b.manifest().id());
            backup.put("store", b.store());
            backup.put("bytes", b.manifest().bytes());
            backup.put("sha256", b.manifest().sha256());
            backup.put("tables", b.manifest().tables().size());
            backup.put("rows", b.manifest().totalRows());
          }
          case RunResult.Verified v -> { }
          case RunResult.Restored x -> { }
          case RunResult.Drilled d -> { }
        }
      }
      // What a person reads, in the words of every other renderer.
      var summary = node.putArray("summary");
      Transcript.finished(f).forEach(l -> summary.add(l.plain()));
      return node.toString();
    }
  }

  @Command(name = "list", description = "List the newest backups from the catalog.")
  static final class ListBackups implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "only this target")
    String target;

    @Option(names = "--json", description = "print each backup's manifest as a line of JSON")
    boolean json;

    @Override
    public Integer call() {
      try (Lifeboat lifeboat = ConfigOption.start(config.load(), ConfigOption.environment())) {
        Reply reply = lifeboat.commands().execute(operator(),
            new dev.lifeboat.command.Command.BackupList(Optional.ofNullable(target)), Origin.of("cli"));
        Reply.BackupList list = (Reply.BackupList) reply;
        if (json) {
          for (BackupRecord b : list.backups()) {
            System.out.println(Manifests.toJson(b.manifest()));
          }
        } else {
          new ConsoleRenderer(System.out, false, Clock.systemUTC()).reply(
              new Reply.BackupList(list.target(), list.backups(), Instant.now()));
        }
        return 0;
      }
    }
  }
}
