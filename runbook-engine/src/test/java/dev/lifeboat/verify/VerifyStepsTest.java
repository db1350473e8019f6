package dev.lifeboat.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.ConfigNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small decisions of the verification steps that need no database. */
class VerifyStepsTest {
  @Test
  void everyStepOfTheVerifyRunbookIsThereInOrder() {
    assertThat(VerifySteps.create(null, null, null, null, null).keySet()).containsExactly(
        "backup.select", "backup.verify-checksum", "backup.contents", "verify.restore-scratch",
        "verify.row-counts", "sql.assert", "prisma.migrate-status", "postgres.drop-temporary",
        "verify.report");
  }

  @Test
  void jobsAreReadAtLoadWithinTheirRange() {
    assertThat(dev.lifeboat.postgres.PgRestore.Jobs.read(with("{}")).count()).isEqualTo(2);
    assertThat(dev.lifeboat.postgres.PgRestore.Jobs.read(with("{jobs: 4}")).count()).isEqualTo(4);
    for (String bad : List.of("0", "65", "two", "'1; rm -rf /'")) {
      ConfigNode node = with("{jobs: " + bad + "}");
      dev.lifeboat.postgres.PgRestore.Jobs.read(node);
      assertThat(node.context().problems()).singleElement().asString()
          .startsWith("runbooks/verify.yaml: steps[3].with.jobs: must be");
    }
  }

  @Test
  void queriesAreAListOrOneText() {
    SqlAssert step = new SqlAssert();
    assertThat(((SqlAssert.Queries) step.settings(with("{}"))).queries()).isEmpty();
    assertThat(((SqlAssert.Queries) step.settings(with("{queries: select true}"))).queries())
        .containsExactly("select true");
    assertThat(((SqlAssert.Queries) step.settings(with(
        "{queries: [select true, ' ', select 1 = 1]}"))).queries())
        .containsExactly("select true", "select 1 = 1");
  }

  /** A step's with: block as the runbook loader hands it over. */
  static ConfigNode with(String yaml) {
    try {
      return new ConfigNode(new com.fasterxml.jackson.databind.ObjectMapper(
          new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml),
          "steps[3].with", new ConfigNode.Context("runbooks/verify.yaml", java.util.Map.of()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void dumpVersionsGiveTheirMajor() {
    assertThat(dev.lifeboat.postgres.DumpVersion.major("15.18")).isEqualTo(15);
    assertThat(dev.lifeboat.postgres.DumpVersion.major("18beta1")).isEqualTo(18);
    assertThat(dev.lifeboat.postgres.DumpVersion.major("9.6.24")).isEqualTo(9);
    assertThat(dev.lifeboat.postgres.DumpVersion.major(null)).isZero();
  }
}
