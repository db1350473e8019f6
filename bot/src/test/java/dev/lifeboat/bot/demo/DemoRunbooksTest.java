package dev.lifeboat.bot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's runbooks are the shipped ones, but for the ask before the restore's swap. */
class DemoRunbooksTest {
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final Path shipped = TestConfig.repositoryRunbooks();
  private final Path demo = shipped.getParent().resolve("demo/runbooks");

  @Test
  void theDemoRestoreIsTheShippedOneWithAnAskBeforeTheSwap() throws Exception {
    Map<String, Object> ours = read(demo.resolve("restore.yaml"));
    Map<String, Object> theirs = read(shipped.resolve("restore.yaml"));

    List<Map<String, Object>> steps = steps(ours);
    int ask = steps.indexOf(steps.stream().filter(s -> "ask".equals(s.get("uses")))
        .findFirst().orElseThrow());
    assertThat(steps.get(ask + 1).get("uses")).isEqualTo("postgres.swap");
    steps.remove(ask);
    assertThat(steps).isEqualTo(steps(theirs));
    ours.remove("steps");
    theirs.remove("steps");
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void everyOtherDemoRunbookIsTheShippedFile() throws Exception {
    try (var files = Files.list(shipped)) {
      for (Path f : files.filter(p -> !p.getFileName().toString().equals("restore.yaml"))
          .toList()) {
        Path ours = demo.resolve(f.getFileName());
        assertThat(Files.readString(ours)).as(ours.toString()).isEqualTo(Files.readString(f));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> read(Path file) throws Exception {
    return yaml.readValue(file.toFile(), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> runbook) {
    return new ArrayList<>((List<Map<String, Object>>) runbook.get("steps"));
  }
}
