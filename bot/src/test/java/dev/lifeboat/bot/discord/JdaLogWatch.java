package dev.lifeboat.bot.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what JDA logs at WARN or above during a test. JDA logs a malformed payload instead
 * of failing, so a fake that sends something Discord would not send, or an adapter call that
 * Discord would refuse, shows only here: tests fail on it unless they expect it.
 */
public final class JdaLogWatch implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("net.dv8tion");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public JdaLogWatch() {
    appender.setName("jda-log-watch");
    appender.start();
    logger.addAppender(appender);
  }

  /** WARN and ERROR lines, formatted, except those containing one of {@code expected}. */
  public List<String> problems(List<String> expected) {
    return List.copyOf(appender.list).stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName()
                + ": " + e.getThrowableProxy().getMessage() + ")"))
        .filter(line -> expected.stream().noneMatch(line::contains)).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
