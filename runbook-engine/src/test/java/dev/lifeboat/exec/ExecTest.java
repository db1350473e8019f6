package dev.lifeboat.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.event.LifeboatEvent.RunFinished;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec step with real child processes. */
class ExecTest {
  @TempDir Path dir;
  private StepHarness harness;

  @BeforeEach
  void start() {
    Map<String, String> lifeboatEnvironment = Map.of("PATH", System.getenv("PATH"),
        "NODE_ENV", "production", "SLACK_BOT_TOKEN", "xoxb-must-not-leak");
    harness = new StepHarness(dir, Map.of("exec", new Exec(lifeboatEnvironment, dir)),
        lifeboatEnvironment);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static String runbook(String timeout, String with) {
    return "name: checklist\nsteps:\n  - {id: cmd, uses: exec, timeout: " + timeout + ", with: "
        + with + "}\n";
  }

  @Test
  void aCommandGetsOnlyTheAllowedEnvironmentAndItsOutputTailGoesToTheThread() throws Exception {
    RunFinished r = harness.run(runbook("30s", "{command: [sh, -c, 'echo \"target=$1 "
        + "node=$NODE_ENV slack=$SLACK_BOT_TOKEN pg=$PGPASSWORD url=$DATABASE_URL\"; "
        + "seq 1 40', sh, '{{target}}'], env: [NODE_ENV], libpq: true, database_url_env: "
        + "DATABASE_URL, tail: 5}"));

    assertThat(r.state()).as(r.error().orElse("")).isEqualTo(RunState.SUCCEEDED);
    assertThat(harness.logs()).contains("36", "37", "38", "39", "40", "sh exited with 0")
        .doesNotContain("35")
        .anySatisfy(l -> assertThat(l).startsWith("$ sh -c"));
    // The first line fell out of the tail; run again keeping it to see what the child saw.
    RunFinished again = harness.run(runbook("30s", "{command: [sh, -c, 'echo \"target=$1 "
        + "node=$NODE_ENV slack=$SLACK_BOT_TOKEN pg=$PGPASSWORD url=$DATABASE_URL\"', sh, "
        + "'{{target}}'], env: [NODE_ENV], libpq: true, database_url_env: DATABASE_URL}"));
    assertThat(again.state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(harness.logs()).contains("target=shop node=production slack= "
        + "pg=pw-not-for-children url=postgresql://lifeboat:pw-not-for-children@127.0.0.1:1/shop");
  }

  @Test
  void aFailingCommandFailsTheStepWithItsLastLine() throws Exception {
    RunFinished r = harness.run(runbook("30s", "{command: [sh, -c, 'echo checking; echo "
        + "\"2 migrations have not yet been applied\" >&2; exit 3']}"));

    assertThat(r.state()).isEqualTo(RunState.FAILED);
    assertThat(r.error().orElseThrow())
        .endsWith("sh exited with 3: 2 migrations have not yet been applied");
  }

  @Test
  void aTimeoutEndsTheCommandAndEverythingItStarted() throws Exception {
    Path pid = dir.resolve("grandchild.pid");
    RunFinished r = harness.run(runbook("1s", "{command: [sh, -c, 'sleep 300 & echo $! > "
        + pid + "; wait']}"));

    assertThat(r.state()).isEqualTo(RunState.FAILED);
    long grandchild = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false))
        .as("the background sleep %s was ended with its group", grandchild).isFalse();
  }

  @Test
  void aShellStringOrAnUnknownPlaceholderIsRefusedAtLoad() {
    assertThat(harness.problems(runbook("30s", "{command: 'npx prisma migrate status'}")))
        .containsExactly("runbooks/test.yaml: steps[0].with.command: must be a list of "
            + "arguments such as [npx, prisma, migrate, status], not one string: Lifeboat never "
            + "runs commands through a shell");
    assertThat(harness.problems(runbook("30s", "{command: [deploy, '{{user_input}}']}")))
        .containsExactly("runbooks/test.yaml: steps[0].with.command[1]: unknown placeholder "
            + "{{user_input}}; known: {{target}}, {{database}}, {{backup}}, {{run}}");
  }
}
