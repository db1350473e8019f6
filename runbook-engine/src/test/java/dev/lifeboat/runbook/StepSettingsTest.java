package dev.lifeboat.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.config.ConfigException;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step reads its with: settings when the runbooks load: a wrong type, a misspelt key or a
 * setting on a step that takes none is reported at start with the file and the key, before
 * anything runs (a restore used to fail at its restore step on "jobs: two").
 */
class StepSettingsTest {
  @TempDir Path dir;

  @Test
  void theShippedRunbooksLoadWithTheirSettings() {
    try (var lifeboat = new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "lifeboat",
        "unused").start()) {
      assertThat(lifeboat.runbooks()).containsKeys("backup", "verify", "restore", "drill");
      StepDefinition restore = lifeboat.runbooks().get("restore").steps().stream()
          .filter(s -> s.uses().equals("postgres.restore")).findFirst().orElseThrow();
      assertThat(restore.settings()).isEqualTo(new dev.lifeboat.postgres.PgRestore.Jobs(2));
    }
  }

  @Test
  void badSettingsAreReportedByFileAndKeyAtStart() throws Exception {
    TestConfig config = new TestConfig(dir).target("shop", "127.0.0.1", 1, "shop", "lifeboat",
        "unused");
    Path file = config.write();
    Path restore = dir.resolve("runbooks/restore.yaml");
    Files.writeString(restore, Files.readString(restore)
        .replace("with: {jobs: 2}", "with: {jobs: two, jbos: 2}")
        .replace("uses: postgres.read-only,", "uses: postgres.read-only, with: {webhook: "
            + "ftp://status.example.com},")
        .replace("uses: restore.report,", "uses: restore.report, with: {verbose: true},"));

    // Not config.start(): that writes the shipped runbooks again.
    ConfigException e = catchThrowableOfType(() -> dev.lifeboat.Lifeboat.start(
        new dev.lifeboat.config.ConfigLoader(config.environment()).load(file),
        config.environment(), java.time.Clock.systemUTC(), dev.lifeboat.postgres.PgTools.discover())
        .close(), ConfigException.class);

    assertThat(e).isNotNull();
    assertThat(e.problems()).contains(
        "runbooks/restore.yaml: steps[5].with.jobs: must be a whole number, not 'two'",
        "runbooks/restore.yaml: steps[3].with.webhook: must be an http:// or https:// URL with a host",
        "runbooks/restore.yaml: steps[12].with: this step takes no settings; remove with:");
    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
        .startsWith("runbooks/restore.yaml: steps[5].with.jbos: unknown key; did you mean jobs?"));
  }
}
