package dev.lifeboat.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.NotAuthorizedException;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.Reply;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.run.Origin;
import dev.lifeboat.store.LocalDirectoryStore;
import dev.lifeboat.testing.MutableClock;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /backup prune through the shared parser and command service, on a real store and catalog. */
class PruneTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  private final CommandParser parser = new CommandParser();

  private Lifeboat start(String retention) {
    TestConfig test = new TestConfig(dir).target("shop", "127.0.0.1", 5432, "shop", "app", "pw");
    if (retention != null) {
      test.targetOption("shop", "retention", retention);
    }
    return Lifeboat.start(test.load(), test.environment(), clock, PgTools.discover());
  }

  private Reply run(Lifeboat lifeboat, String who, String text) {
    Person person = lifeboat.commands().access().person(who);
    return lifeboat.commands().execute(person, parser.parse(text), Origin.of("test"));
  }

  private List<BackupManifest> fiveDailyBackups(Lifeboat lifeboat) {
    List<BackupManifest> made = new ArrayList<>();
    for (int day = 4; day >= 0; day--) {
      made.add(SyntheticBackups.put(lifeboat.stores().get("local"), lifeboat.catalog(), "shop",
          Instant.parse("2026-11-23T02:00:00Z").minus(Duration.ofDays(day)), 1000));
    }
    return made; // oldest first
  }

  private boolean inStore(Lifeboat lifeboat, BackupManifest m) {
    return Files.exists(((LocalDirectoryStore) lifeboat.stores().get("local")).artifactPath(m));
  }

  @Test
  void aDryRunListsWhatWouldGoThenPruneDeletesItButNotWhatAPendingRestoreNeeds() {
    try (Lifeboat lifeboat = start("{daily: 2, weekly: 0, monthly: 0, min_count: 1, "
        + "min_age: 1h}")) {
      List<BackupManifest> b = fiveDailyBackups(lifeboat);
      run(lifeboat, "alice", "/restore " + b.get(1).id() + " shop"); // waits for approval

      Reply.Pruned dry = (Reply.Pruned) run(lifeboat, "bob", "/backup prune shop --dry-run");
      assertThat(dry.report().dryRun()).isTrue();
      assertThat(dry.report().selection().pruned()).extracting(r -> r.id())
          .containsExactly(b.get(2).id(), b.get(0).id());
      assertThat(dry.report().selection().kept()).filteredOn(k -> k.backup().id()
          .equals(b.get(1).id())).singleElement().satisfies(k -> assertThat(k.reasons())
              .containsExactly("the pending restore a1 refers to it"));
      assertThat(b).allMatch(m -> inStore(lifeboat, m));

      Reply.Pruned pruned = (Reply.Pruned) run(lifeboat, "alice", "/backup prune");
      assertThat(pruned.report().deleted()).containsExactly(b.get(2).id(), b.get(0).id());
      assertThat(inStore(lifeboat, b.get(0))).isFalse();
      assertThat(inStore(lifeboat, b.get(2))).isFalse();
      assertThat(inStore(lifeboat, b.get(1))).isTrue();
      assertThat(lifeboat.catalog().list(Optional.of("shop"), 10)).extracting(r -> r.id())
          .containsExactly(b.get(4).id(), b.get(3).id(), b.get(1).id());
      assertThat(lifeboat.audit().recent(10)).anySatisfy(e -> {
        assertThat(e.actor()).isEqualTo("alice");
        assertThat(e.action()).isEqualTo("prune");
        assertThat(e.detail()).contains(b.get(0).id());
      });
      // The catalog rebuilt from the stores agrees: the deleted backups are really gone.
      assertThat(lifeboat.catalog().rebuild(lifeboat.stores().all()).total()).isEqualTo(3);
    }
  }

  @Test
  void deletingOutsideThePolicyWaitsForASecondPerson() throws Exception {
    try (Lifeboat lifeboat = start("{daily: 7}")) {
      List<BackupManifest> b = fiveDailyBackups(lifeboat);
      BackupManifest newest = b.get(4);

      Reply.ApprovalPending pending = (Reply.ApprovalPending) run(lifeboat, "alice",
          "/backup delete " + newest.id());
      assertThat(pending.request().statement()).contains("Delete backup " + newest.id())
          .contains("cannot be undone");
      assertThat(inStore(lifeboat, newest)).as("nothing happens on one person's word").isTrue();
      assertThatThrownBy(() -> run(lifeboat, "alice", "/approve"))
          .hasMessageContaining("your own approval does not count");

      Reply.ApprovalCounted approved = (Reply.ApprovalCounted) run(lifeboat, "bob", "/approve "
          + pending.request().ref());
      long runId = approved.decision().run().orElseThrow().id();
      assertThat(lifeboat.engine().completion(runId).get(30, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo(dev.lifeboat.run.RunState.SUCCEEDED);
      assertThat(inStore(lifeboat, newest)).isFalse();
      assertThat(lifeboat.catalog().contains(newest.id())).isFalse();
      assertThat(lifeboat.audit().recent(20)).anySatisfy(e -> {
        assertThat(e.action()).isEqualTo("delete");
        assertThat(e.detail()).contains(newest.id()).contains("outside the retention policy");
      });
    }
  }

  @Test
  void pruningNeedsThePermissionToTakeBackupsAndAPolicy() {
    try (Lifeboat lifeboat = start("{daily: 2}")) {
      assertThatThrownBy(() -> run(lifeboat, "eve", "/backup prune shop"))
          .isInstanceOf(NotAuthorizedException.class);
    }
    try (Lifeboat lifeboat = start(null)) {
      fiveDailyBackups(lifeboat);
      assertThatThrownBy(() -> run(lifeboat, "alice", "/backup prune shop"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("shop has no retention policy")
          .hasMessageContaining("retention: {daily: 7");
      assertThat(lifeboat.catalog().list(Optional.of("shop"), 10)).hasSize(5);
    }
  }
}
