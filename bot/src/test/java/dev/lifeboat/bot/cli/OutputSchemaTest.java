package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.lifeboat.testing.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/lifeboat-output.schema.json is strict enough to catch the shapes issue 15 found
 * (a run id as a number, tables as a count, an error without a code), and a usage error asked
 * for as JSON comes as JSON. HeadlessCliIT checks real command output against it.
 */
class OutputSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Schema schema;

  @BeforeAll
  static void readSchema() throws Exception {
    Path file = TestConfig.repositoryRunbooks().getParent().getParent()
        .resolve("docs/lifeboat-output.schema.json");
    try (InputStream in = Files.newInputStream(file)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in);
    }
  }

  @Test
  void theOldDisagreeingShapesAreRejected() throws Exception {
    assertThat(schema.validate(JSON.readTree("{\"kind\":\"run\",\"run\":\"r1\",\"target\":"
        + "\"shop\",\"state\":\"succeeded\",\"seconds\":1.5}"))).isNotEmpty();
    assertThat(schema.validate(JSON.readTree("{\"kind\":\"error\",\"error\":{\"message\":"
        + "\"no code\"}}"))).isNotEmpty();
    assertThat(schema.validate(JSON.readTree("{\"manifestVersion\":1,\"id\":\"shop-1\","
        + "\"runId\":2,\"tables\":3}"))).isNotEmpty();
  }

  @Test
  void anErrorHasAMachineCodeAndAMessage() {
    JsonNode error = OutputJson.failure("target_required", "Which target?", Optional.of("shop"));

    assertThat(schema.validate(error)).isEmpty();
  }

  @Test
  void aWrongCommandLineAskedForAsJsonAnswersJson() throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      exit = Main.execute("status", "--json", "--frobnicate");
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }

    assertThat(exit).isEqualTo(2);
    JsonNode node = JSON.readTree(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(schema.validate(node)).isEmpty();
    assertThat(node.get("error").get("code").asText()).isEqualTo("usage");
    assertThat(node.get("error").get("message").asText()).contains("--frobnicate");
  }
}
