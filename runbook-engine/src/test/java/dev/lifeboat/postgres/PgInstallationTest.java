package dev.lifeboat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgInstallationTest {

  @Test
  void readsDebianVersionOutput() {
    String output = "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n";

    assertThat(PgInstallation.parseMajor(output)).isEqualTo(15);
    assertThat(PgInstallation.parseVersion(output)).isEqualTo("15.18");
  }

  @Test
  void readsPlainVersionOutput() {
    assertThat(PgInstallation.parseMajor("pg_dump (PostgreSQL) 17.5")).isEqualTo(17);
    assertThat(PgInstallation.parseVersion("pg_dump (PostgreSQL) 17.5")).isEqualTo("17.5");
    assertThat(PgInstallation.parseVersion("postgres (PostgreSQL) 17.5\n")).isEqualTo("17.5");
  }

  @Test
  void readsOtherDistributionsAndPreReleases() {
    assertThat(PgInstallation.parseVersion("pg_dump (PostgreSQL) 16.4 (Homebrew)"))
        .isEqualTo("16.4");
    assertThat(PgInstallation.parseMajor("pg_dump (PostgreSQL) 18beta1")).isEqualTo(18);
    assertThat(PgInstallation.parseVersion("pg_dump (PostgreSQL) 18beta1")).isEqualTo("18beta1");
    assertThat(PgInstallation.parseMajor("pg_dump (PostgreSQL) 9.6.24")).isEqualTo(9);
    assertThat(PgInstallation.parseVersion("pg_dump (PostgreSQL) 9.6.24")).isEqualTo("9.6.24");
  }

  @Test
  void rejectsOutputWithoutVersion() {
    assertThatThrownBy(() -> PgInstallation.parseMajor("bash: pg_dump: command not found"))
        .isInstanceOf(LifeboatException.class)
        .hasMessageContaining("command not found")
        .hasMessageContaining("pg_dump (PostgreSQL) 15.18");
    assertThatThrownBy(() -> PgInstallation.parseVersion(""))
        .isInstanceOf(LifeboatException.class);
  }

  @Test
  void sortsNewestFirst() {
    PgInstallation v15 = new PgInstallation(15, "15.18", Path.of("/a"));
    PgInstallation v15old = new PgInstallation(15, "15.9", Path.of("/b"));
    PgInstallation v17 = new PgInstallation(17, "17.5", Path.of("/c"));
    PgInstallation v18beta = new PgInstallation(18, "18beta1", Path.of("/d"));
    PgInstallation v9 = new PgInstallation(9, "9.6.24", Path.of("/e"));
    List<PgInstallation> installations = new ArrayList<>(List.of(v15old, v9, v17, v15, v18beta));

    installations.sort(PgInstallation.NEWEST_FIRST);

    assertThat(installations).containsExactly(v18beta, v17, v15, v15old, v9);
  }

  @Test
  void readsVersionFromPgDumpInBinDir(@TempDir Path binDir) throws IOException {
    script(binDir.resolve("pg_dump"), "echo 'pg_dump (PostgreSQL) 16.4 (Homebrew)'");

    PgInstallation installation = PgInstallation.at(binDir);

    assertThat(installation.major()).isEqualTo(16);
    assertThat(installation.version()).isEqualTo("16.4");
    assertThat(installation.binDir()).isEqualTo(binDir.toAbsolutePath().normalize());
    assertThat(installation.tool("pg_dump")).isEqualTo(binDir.resolve("pg_dump"));
    assertThat(installation.hasServer()).isFalse();
  }

  @Test
  void fallsBackToPostgresForServerOnlyBundles(@TempDir Path binDir) throws IOException {
    for (String tool : List.of("initdb", "pg_ctl")) {
      script(binDir.resolve(tool), "exit 0");
    }
    script(binDir.resolve("postgres"), "echo 'postgres (PostgreSQL) 17.5'");

    PgInstallation installation = PgInstallation.at(binDir);

    assertThat(installation.major()).isEqualTo(17);
    assertThat(installation.hasServer()).isTrue();
    assertThat(installation.hasTool("pg_dump")).isFalse();
  }

  @Test
  void missingToolNamesThePackageToInstall(@TempDir Path binDir) throws IOException {
    script(binDir.resolve("pg_dump"), "echo 'pg_dump (PostgreSQL) 15.18'");
    PgInstallation installation = PgInstallation.at(binDir);

    assertThatThrownBy(() -> installation.tool("pg_restore"))
        .isInstanceOf(ToolVersionException.class)
        .hasMessageContaining("pg_restore")
        .hasMessageContaining(binDir.toString())
        .hasMessageContaining("apt-get install -y postgresql-client");
  }

  @Test
  void rejectsDirectoryWithoutPostgres(@TempDir Path empty) {
    assertThatThrownBy(() -> PgInstallation.at(empty))
        .isInstanceOf(ToolVersionException.class)
        .hasMessageContaining("neither pg_dump nor postgres");
    assertThatThrownBy(() -> PgInstallation.at(empty.resolve("missing")))
        .isInstanceOf(ToolVersionException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void discoveredInstallationsAreSortedAndReadable() {
    List<PgInstallation> installations = PgInstallation.discover();

    assertThat(installations).isSortedAccordingTo(PgInstallation.NEWEST_FIRST);
    assertThat(installations).doesNotHaveDuplicates();
    for (PgInstallation installation : installations) {
      assertThat(installation.binDir()).isDirectory();
    }
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
