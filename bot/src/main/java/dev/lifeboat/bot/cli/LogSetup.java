package dev.lifeboat.bot.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging for operators, on stderr (Lifeboat talks to people through its adapters): warnings,
 * and Lifeboat's own messages at {@code LIFEBOAT_LOG_LEVEL} (a system property or environment
 * variable; WARN by default). Set up in code, found by logback through the service loader,
 * because parsing a logback.xml took about 15 % of a command's start-up (a JFR profile of
 * {@code lifeboat backup list}: 39 of 254 samples in logback's XML configurator).
 * {@code LIFEBOAT_LOG_FORMAT=json} writes one JSON object per line instead, for log collectors.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, setting("LIFEBOAT_LOG_FORMAT"), setting("LIFEBOAT_LOG_LEVEL"));
  }

  /** For tests: the same set-up with the format and level given. */
  static ExecutionStatus configure(LoggerContext context, String format, String level) {
    ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder;
    if ("json".equalsIgnoreCase(format)) {
      ch.qos.logback.classic.encoder.JsonEncoder json =
          new ch.qos.logback.classic.encoder.JsonEncoder();
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithArguments(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    context.getLogger("dev.lifeboat").setLevel(Level.toLevel(level, Level.WARN));
    context.getLogger("org.flywaydb").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** A system property, else the environment variable of the same name. */
  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }
}
