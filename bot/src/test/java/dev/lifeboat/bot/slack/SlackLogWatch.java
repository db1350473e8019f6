package dev.lifeboat.bot.slack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what Bolt and the Slack client log at WARN or above during a test: a warning from
 * com.slack means the protocol went wrong somewhere (an unhandled envelope, a failed ack), so
 * tests fail on it unless they expect it.
 */
final class SlackLogWatch implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger("com.slack");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  SlackLogWatch() {
    appender.setName("slack-log-watch");
    appender.start();
    logger.addAppender(appender);
  }

  /** WARN and ERROR lines, formatted, except those containing one of {@code expected}. */
  List<String> problems(List<String> expected) {
    return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage())
        .filter(line -> expected.stream().noneMatch(line::contains)).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
