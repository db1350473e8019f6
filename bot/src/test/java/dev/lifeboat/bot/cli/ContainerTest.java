package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.config.ConfigLoader;
import dev.lifeboat.config.LifeboatConfig;
import dev.lifeboat.config.SecretFiles;
import dev.lifeboat.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the image does besides running the jar, tested without Docker (none runs on these
 * machines): the entry point's checks and hand-over, and the compose file's configuration as the
 * container would load it, with secrets as files and the shipped runbooks.
 */
class ContainerTest {
  private static final Path REPO = TestConfig.repositoryRunbooks().getParent().getParent();
  private static final Path ENTRYPOINT = REPO.resolve("docker/entrypoint.sh");

  @TempDir Path dir;

  private record Exit(int code, String output) {}

  private Exit entrypoint(Path data, List<String> asUser, String... args) throws Exception {
    return entrypoint(data, "/opt/lifeboat/lifeboat.jar", asUser, args);
  }

  private Exit entrypoint(Path data, String jar, List<String> asUser, String... args)
      throws Exception {
    Path fakeJava = dir.resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> command = new ArrayList<>(asUser);
    command.addAll(List.of("sh", ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().put("LIFEBOAT_DATA", data.toString());
    b.environment().put("LIFEBOAT_JAVA", fakeJava.toString());
    b.environment().put("LIFEBOAT_JAR", jar);
    b.environment().put("LIFEBOAT_JAVA_OPTS", "-Xmx200m");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Exit(p.exitValue(), out);
  }

  private Exit healthcheck(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash",
        REPO.resolve("docker/healthcheck.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().putAll(environment);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Exit(p.exitValue(), out);
  }

  @Test
  void theHealthCheckAsksHealthzAndIsUnhealthyOnA503OrNoAnswer() throws Exception {
    java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic
        .AtomicInteger(200);
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/healthz", exchange -> {
      byte[] body = (status.get() == 200 ? "{\"status\":\"ok\"}"
          : "{\"problems\":[\"slack: not connected\"]}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String port = Integer.toString(server.getAddress().getPort());
      Exit healthy = healthcheck(Map.of(), port);
      assertThat(healthy.code).as(healthy.output).isZero();

      status.set(503);
      Exit sick = healthcheck(Map.of("LIFEBOAT_HEALTH_PORT", port));
      assertThat(sick.code).isEqualTo(1);
      assertThat(sick.output).contains("503").contains("slack: not connected");
    } finally {
      server.stop(0);
    }
    Exit nobody = healthcheck(Map.of(), "1");
    assertThat(nobody.code).isEqualTo(1);
    assertThat(nobody.output).contains("nothing answers on port 1");
  }

  @Test
  void withoutAPortTheHealthCheckIsHealthyWhenStatusCouldLookAtAll() throws Exception {
    Path fakeJava = dir.resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s\\n' \"$@\"\nexit $FAKE_EXIT\n");
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>(Map.of("LIFEBOAT_JAVA", fakeJava.toString(),
        "LIFEBOAT_JAR", "/opt/lifeboat/lifeboat.jar"));

    env.put("FAKE_EXIT", "2");
    Exit critical = healthcheck(env);
    assertThat(critical.code).as("an RPO breach is an alert, not a broken container").isZero();
    assertThat(critical.output.lines().toList()).endsWith("-jar", "/opt/lifeboat/lifeboat.jar",
        "status", "--nagios");

    env.put("FAKE_EXIT", "3");
    assertThat(healthcheck(env).code).as("UNKNOWN: config or state broken").isEqualTo(1);
  }

  @Test
  void theEntryPointHandsItsArgumentsToTheJarWithTheImagesJvmOptions() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Exit e = entrypoint(data, List.of(), "backup", "now", "--target", "shop");

    assertThat(e.code).as(e.output).isZero();
    assertThat(e.output.lines().toList()).containsExactly("-XX:+UseSerialGC",
        "-XX:MaxRAMPercentage=50", "-Xmx200m", "-jar", "/opt/lifeboat/lifeboat.jar", "backup",
        "now", "--target", "shop");
    try (var left = Files.list(data)) {
      assertThat(left).as("the write check cleans up after itself").isEmpty();
    }
  }

  @Test
  void aOneOffCommandGetsTheCompilerDirectivesBesideTheJarAndServeTheWholeJit()
      throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path image = Files.createDirectories(dir.resolve("opt"));
    Path directives = Files.copy(REPO.resolve("bot/jvm/one-off-jit.json"),
        image.resolve("one-off-jit.json"));
    String jar = image.resolve("lifeboat.jar").toString();

    Exit oneOff = entrypoint(data, jar, List.of(), "backup", "now");
    assertThat(oneOff.code).as(oneOff.output).isZero();
    assertThat(oneOff.output.lines().toList()).containsExactly("-XX:+UseSerialGC",
        "-XX:MaxRAMPercentage=50", "-XX:+UnlockDiagnosticVMOptions", "-XX:-DisplayVMOutput",
        "-XX:CompilerDirectivesFile=" + directives, "-Xmx200m", "-jar", jar, "backup", "now");

    Exit serve = entrypoint(data, jar, List.of(), "serve");
    assertThat(serve.output.lines().toList()).containsExactly("-XX:+UseSerialGC",
        "-XX:MaxRAMPercentage=50", "-Xmx200m", "-jar", jar, "serve");
  }

  @Test
  void anUnwritableDataVolumeIsExplainedWithTheFixAndExitCodeThree() throws Exception {
    Path data = Files.createDirectories(dir.resolve("root-owned"));
    List<String> asUser = List.of();
    if ("root".equals(System.getProperty("user.name"))) {
      // Root writes anywhere: run the entry point as nobody, like uid 10001 in the image.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
      asUser = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    } else {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    Exit e = entrypoint(data, asUser, "serve");

    assertThat(e.code).as(e.output).isEqualTo(3);
    assertThat(e.output).contains("lifeboat: " + data + " is not writable by uid")
        .contains("chown -R").contains("--user").doesNotContain("-jar");
  }

  @Test
  void theComposeConfigLoadsWithSecretFilesAndTheShippedRunbooks() throws Exception {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(
        REPO.resolve("compose.yaml").toFile());
    JsonNode lifeboat = compose.get("services").get("lifeboat");
    Map<String, String> environment = new HashMap<>();
    // The container's environment: compose's variables, each secret file in place.
    lifeboat.get("environment").fields().forEachRemaining(f -> {
      String secret = f.getValue().asText().replace("/run/secrets/", "");
      assertThat(compose.get("secrets").has(secret)).as("secret %s is declared", secret)
          .isTrue();
      assertThat(lifeboat.get("secrets").toString()).contains(secret);
      try {
        Path file = Files.writeString(dir.resolve(secret), "from-" + secret + "\n");
        environment.put(f.getKey(), file.toString());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    environment.put("LIFEBOAT_HOME", REPO.toString());
    assertThat(lifeboat.get("volumes").toString())
        .contains("./config/compose/lifeboat.yaml:/etc/lifeboat/lifeboat.yaml:ro");

    LifeboatConfig config = new ConfigLoader(SecretFiles.expand(environment))
        .load(REPO.resolve("config/compose/lifeboat.yaml"));

    assertThat(config.runbooks()).isEqualTo(REPO.resolve("config/runbooks"));
    assertThat(config.target("shop").connection().host()).isEqualTo("shop");
    assertThat(config.target("shop").connection().password().orElseThrow().reveal())
        .isEqualTo("from-shop_db_password");
    assertThat(config.state().postgres().orElseThrow().password().orElseThrow().reveal())
        .isEqualTo("from-state_db_password");
  }
}
