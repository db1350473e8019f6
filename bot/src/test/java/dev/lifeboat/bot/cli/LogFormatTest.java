package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The logging set-up ({@link LogSetup}), in a context of its own: plain lines by default, one JSON
 * object per line with LIFEBOAT_LOG_FORMAT=json.
 */
class LogFormatTest {

  private static String logWith(String format) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // The console appender takes System.err when it starts, so swap it first.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      LogSetup.configure(context, format, null);
      context.getLogger("dev.lifeboat.schedule.Scheduler").warn("Schedule shop backup waits");
    } finally {
      context.stop();
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textByDefault() throws Exception {
    assertThat(logWith(null)).contains("WARN  d.l.schedule.Scheduler - Schedule shop backup waits")
        .doesNotContain("{");
  }

  @Test
  void oneJsonObjectPerLineForLogCollectors() throws Exception {
    List<String> lines = logWith("json").lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("loggerName").asText()).isEqualTo("dev.lifeboat.schedule.Scheduler");
    assertThat(line.get("message").asText()).isEqualTo("Schedule shop backup waits");
  }
}
