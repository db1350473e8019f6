package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bot/jvm/one-off-jit.json}, the compiler directives that {@code ./lifeboat} and the
 * image's entry point give one-off commands, in a real JVM: it loads them, C2 compiles the
 * JDK's SHA-256 and nothing else, and standard output (a command's {@code --json}) stays clean.
 */
class OneOffJitTest {
  private static final Path DIRECTIVES = TestConfig.repositoryRunbooks().getParent().getParent()
      .resolve("bot/jvm/one-off-jit.json");
  /** The options the launcher and the entry point add for a one-off command. */
  private static final List<String> ONE_OFF = List.of("-XX:+UnlockDiagnosticVMOptions",
      "-XX:-DisplayVMOutput", "-XX:CompilerDirectivesFile=" + DIRECTIVES);
  // PrintCompilation: "  675 1504   %     4       sun.security.provider.SHA2::implCompress0 ..."
  private static final Pattern COMPILED = Pattern.compile(
      "^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*\\s([0-4])\\s+(\\S+::\\S+)");

  @TempDir Path dir;
  private Path program;

  private record Run(int code, String out) {}

  @BeforeEach
  void writeProgram() throws Exception {
    // Hot enough that without the directives C2 compiles plenty besides SHA-256.
    program = Files.writeString(dir.resolve("Checksum.java"), """
        public class Checksum {
          public static void main(String[] args) throws Exception {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[1 << 20];
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            for (int i = 0; i < 192; i++) {
              digest.update(block);
              for (int j = 0; j < 2000; j++) {
                seen.merge("k" + (j % 97), 1, Integer::sum);
              }
            }
            System.out.println("hashed " + java.util.HexFormat.of().formatHex(digest.digest()));
          }
        }
        """);
  }

  private Run java(List<String> options) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.addAll(options);
    command.add(program.toString());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** The methods C2 compiled (tier 4), from -XX:+PrintCompilation's lines. */
  private static List<String> compiledByC2(String log) {
    return log.lines().filter(l -> !l.contains("made not")).map(COMPILED::matcher)
        .filter(Matcher::find).filter(m -> m.group(1).equals("4")).map(m -> m.group(2))
        .distinct().toList();
  }

  @Test
  void theJvmTakesTheDirectivesAndPrintsNothingOfItsOwnOnStandardOutput() throws Exception {
    Run run = java(ONE_OFF);

    assertThat(run.code).isZero();
    assertThat(run.out).matches("hashed [0-9a-f]{64}\n");
  }

  @Test
  void c2CompilesTheJdksSha256AndNothingElse() throws Exception {
    List<String> logged = new ArrayList<>(ONE_OFF);
    logged.addAll(List.of("-XX:+DisplayVMOutput", "-XX:+PrintCompilation"));
    List<String> withDirectives = compiledByC2(java(logged).out);
    List<String> without = compiledByC2(java(List.of("-XX:+PrintCompilation")).out);

    assertThat(without).as("without the directives C2 compiles the program's own hot code")
        .anyMatch(m -> !m.startsWith("sun.security.provider."));
    assertThat(withDirectives).isNotEmpty()
        .allMatch(m -> m.startsWith("sun.security.provider.SHA2::")
            || m.startsWith("sun.security.provider.DigestBase::"));
    assertThat(withDirectives).anyMatch(m -> m.endsWith("::implCompress0")
        || m.endsWith("::implCompressMultiBlock0"));
  }
}
