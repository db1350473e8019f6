package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

  @Test
  void logbackFindsItThroughTheServiceLoader() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    // No logback.xml is read: the appender is the one LogSetup names.
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
        .isInstanceOf(ConsoleAppender.class);
  }

  @Test
  void warningsGoToStderrAndLifeboatsLevelIsTheOperatorsChoice() {
    LoggerContext context = new LoggerContext();
    String before = System.getProperty("LIFEBOAT_LOG_LEVEL");
    System.setProperty("LIFEBOAT_LOG_LEVEL", "DEBUG");
    try {
      new LogSetup().configure(context);
    } finally {
      if (before == null) {
        System.clearProperty("LIFEBOAT_LOG_LEVEL");
      } else {
        System.setProperty("LIFEBOAT_LOG_LEVEL", before);
      }
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(((ConsoleAppender<?>) root.getAppender("STDERR")).getTarget()).isEqualTo("System.err");
    assertThat(context.getLogger("dev.lifeboat.backup").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("org.flywaydb.core").getEffectiveLevel()).isEqualTo(Level.WARN);
  }
}
