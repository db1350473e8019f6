package dev.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a verification restores, decided without starting anything. */
class ScratchServersTest {
  private static final ConnectionInfo SHOP =
      new ConnectionInfo("db.example.com", 5432, "shop", "lifeboat", Optional.empty(), Map.of());
  private final PgTools installed = PgTools.discover();
  private final ScratchServers servers = new ScratchServers(installed, Path.of("unused"));

  @Test
  void aConfiguredVerifyServerAlwaysWins() {
    ConnectionInfo verify = new ConnectionInfo("scratch.internal", 5433, "verify", "checker",
        Optional.empty(), Map.of());

    ScratchServer choice = servers.describe(target(Optional.of(verify)), localMajor());

    assertThat(choice.kind()).isEqualTo(ScratchServer.Kind.CONFIGURED);
    assertThat(choice.connection()).isEqualTo(verify);
    assertThat(choice.onProduction()).isFalse();
  }

  @Test
  void serverBinariesOfTheTargetsMajorVersionMeanALocalThrowawayCluster() {
    ScratchServer choice = servers.describe(target(Optional.empty()), localMajor());

    assertThat(choice.kind()).isEqualTo(ScratchServer.Kind.LOCAL);
    assertThat(choice.description()).startsWith("a throwaway PostgreSQL " + localMajor()
        + " cluster on this machine");
    assertThat(choice.onProduction()).isFalse();
  }

  @Test
  void otherwiseTheTargetsOwnServerIsNamedWithWhatItNeeds() {
    ScratchServer choice = servers.describe(target(Optional.empty()), 99);

    assertThat(choice.kind()).isEqualTo(ScratchServer.Kind.TARGET_SERVER);
    assertThat(choice.onProduction()).isTrue();
    assertThat(choice.connection()).isEqualTo(SHOP);
    assertThat(choice.description()).isEqualTo("the target's own server db.example.com:5432, "
        + "next to production (no verify_server is configured and no PostgreSQL 99 server is "
        + "installed where Lifeboat runs). There, user lifeboat needs CREATEDB (ALTER ROLE "
        + "\"lifeboat\" CREATEDB;) and the server needs free disk for a full copy of the "
        + "database while it is checked. To keep verification off production, set "
        + "targets.shop.verify_server, or install postgresql-99 here");
  }

  @Test
  void foldersOfClustersWhoseProcessIsGoneAreRemoved(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path leftover = java.nio.file.Files.createDirectories(dir.resolve(gone.pid() + "-abcd1234")
        .resolve("data"));
    Path ours = java.nio.file.Files.createDirectories(dir.resolve(ProcessHandle.current().pid()
        + "-abcd1234"));
    Path notOurs = java.nio.file.Files.createDirectories(dir.resolve("someone-elses"));

    new ScratchServers(installed, dir).removeLeftovers();

    assertThat(leftover.getParent()).doesNotExist();
    assertThat(ours).exists();
    assertThat(notOurs).exists();
  }

  private int localMajor() {
    return installed.installations().stream().filter(PgInstallation::hasServer)
        .findFirst().orElseThrow(() -> new AssertionError("needs a PostgreSQL server installed"))
        .major();
  }

  private static Target target(Optional<ConnectionInfo> verifyServer) {
    return new Target("shop", SHOP, List.of(), Duration.ofHours(25), Duration.ofHours(1),
        List.of("local"), List.of(), verifyServer);
  }
}
