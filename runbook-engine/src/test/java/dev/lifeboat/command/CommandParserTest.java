package dev.lifeboat.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.InvalidInputException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
  /** Names.shown echoes at most 40 characters plus an ellipsis. */
  private static final int MAX_ECHO = 41;

  private final CommandParser parser = new CommandParser();

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("/backup now", new Command.BackupNow(Optional.empty())),
        Arguments.of("/backup now shop", new Command.BackupNow(Optional.of("shop"))),
        Arguments.of("/backup list", new Command.BackupList(Optional.empty())),
        Arguments.of("/backup list shop", new Command.BackupList(Optional.of("shop"))),
        Arguments.of("/backup status", new Command.BackupStatus()),
        Arguments.of("/backup prune", new Command.BackupPrune(Optional.empty(), false)),
        Arguments.of("/backup prune --dry-run shop",
            new Command.BackupPrune(Optional.of("shop"), true)),
        Arguments.of("/backup delete shop-20261123-130812",
            new Command.BackupDelete("shop-20261123-130812")),
        Arguments.of("/runs", new Command.Runs()),
        Arguments.of("/cancel r12", new Command.Cancel(12)),
        Arguments.of("/cancel 12", new Command.Cancel(12)),
        Arguments.of("/help", new Command.Help()),
        Arguments.of("/lifeboat", new Command.Help()),
        Arguments.of("backup now my-db.eu_1", new Command.BackupNow(Optional.of("my-db.eu_1"))),
        Arguments.of("  /backup   now\tshop  ", new Command.BackupNow(Optional.of("shop"))),
        Arguments.of("/verify", new Command.Verify(Optional.empty(), Optional.empty())),
        Arguments.of("/verify latest", new Command.Verify(Optional.of("latest"),
            Optional.empty())),
        Arguments.of("/verify shop", new Command.Verify(Optional.empty(), Optional.of("shop"))),
        Arguments.of("/verify shop-20261123-130812 shop",
            new Command.Verify(Optional.of("shop-20261123-130812"), Optional.of("shop"))),
        Arguments.of("/restore latest", new Command.Restore(Optional.of("latest"),
            Optional.empty(), Optional.empty())),
        Arguments.of("/restore shop in-place", new Command.Restore(Optional.empty(),
            Optional.of("shop"), Optional.of("in-place"))),
        Arguments.of("/restore shop-20261123-130812-2", new Command.Restore(
            Optional.of("shop-20261123-130812-2"), Optional.empty(), Optional.empty())),
        Arguments.of("/restore shop Allow-Unfinished-Migrations latest", new Command.Restore(
            Optional.of("latest"), Optional.of("shop"), Optional.empty(), true)),
        Arguments.of("/drill", new Command.Drill(Optional.empty())),
        Arguments.of("/drill shop", new Command.Drill(Optional.of("shop"))),
        Arguments.of("/approve", new Command.Approve(Optional.empty())),
        Arguments.of("/approve a3", new Command.Approve(Optional.of(3L))),
        Arguments.of("/deny", new Command.Deny(Optional.empty(), "")),
        Arguments.of("/deny a3 wrong backup", new Command.Deny(Optional.of(3L), "wrong backup")),
        Arguments.of("/deny not now", new Command.Deny(Optional.empty(), "not now")),
        Arguments.of("/approvals", new Command.Approvals()),
        Arguments.of("/cancel a3", new Command.Withdraw(3)),
        Arguments.of("/breakglass a3 primary is gone", new Command.BreakGlass(3,
            "primary is gone")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void parsesEveryCommand(String text, Command expected) {
    assertThat(parser.parse(text)).isEqualTo(expected);
  }

  @Test
  void restoreRefusesWhatItCannotPlace() {
    assertThatThrownBy(() -> parser.parse("/restore shop billing"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Unknown mode 'billing': in-place or side-by-side.");
    assertThatThrownBy(() -> parser.parse("/restore latest shop sideways"))
        .hasMessageStartingWith("Unknown mode 'sideways': in-place or side-by-side.");
    assertThatThrownBy(() -> parser.parse("/restore latest shop in-place now"))
        .hasMessageStartingWith("Too many words.");
    assertThatThrownBy(() -> parser.parse("/restore $(id)"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid target");
    assertThatThrownBy(() -> parser.parse("/approve 3;drop"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an approval");
    assertThatThrownBy(() -> parser.parse("/breakglass a3"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the reason is required");
  }

  @Test
  void reasonsLoseControlCharactersAndAreCapped() {
    Command.Deny deny = (Command.Deny) parser.parse("/deny a1 bad\u001b[2J" + "x".repeat(400));
    assertThat(deny.reason()).doesNotContain("\u001b").hasSizeLessThanOrEqualTo(301);
  }

  @Test
  void commandWordsIgnoreCaseButTargetNamesKeepIt() {
    assertThat(parser.parse("/BACKUP NOW Shop")).isEqualTo(new Command.BackupNow(Optional.of("Shop")));
    assertThat(parser.parse("/Backup List")).isEqualTo(new Command.BackupList(Optional.empty()));
    assertThat(parser.parse("/backup STATUS")).isEqualTo(new Command.BackupStatus());
    assertThat(parser.parse("/RUNS")).isEqualTo(new Command.Runs());
    assertThat(parser.parse("/Cancel R7")).isEqualTo(new Command.Cancel(7));
    assertThat(parser.parse("/HELP")).isEqualTo(new Command.Help());
  }

  static Stream<String> hostileInputs() {
    return Stream.of(
        "/backup now \"; rm -rf /",
        "/backup now $(touch /tmp/x)",
        "/backup now shop; drop table x",
        "/backup now shop;drop",
        "/backup now `touch /tmp/x`",
        "/backup now `id`",
        "/backup now " + "x".repeat(10_000),
        "/backup now " + "y".repeat(450),
        "/backup now sh\nop",
        "/backup now \u001b[31mshop\u001b[0m",
        "/backup now shop\r\n/cancel r1",
        "/backup now ../../etc/passwd",
        "/backup now -shop",
        "/backup list shop|cat",
        "/cancel r1;2",
        "/cancel r",
        "/cancel",
        "/cancel r1 r2",
        "/cancel 1234567890123456",
        "/cancel $(id)",
        "/drop database shop",
        "/" + "z".repeat(300),
        "/\u001b]0;pwned\u0007",
        "/backup",
        "/backup delete shop",
        "/backup delete",
        "/backup prune shop billing",
        "/backup now shop extra",
        "/backup list shop extra",
        "/backup status now",
        "/runs all",
        "",
        "   ");
  }

  @ParameterizedTest
  @MethodSource("hostileInputs")
  void rejectsHostileOrMalformedInputPolitely(String input) {
    String message = rejection(input);

    assertThat(message).as("points to help or usage")
        .containsAnyOf("/help", "Usage:", "Try /backup now", "names use letters",
            "runs look like r12");
    assertThat(message.length()).isLessThan(200);
    assertThat(message.chars().noneMatch(Character::isISOControl))
        .as("no control characters in %s", message.replaceAll("\\p{Cntrl}", "^")).isTrue();
    assertNoLongEcho(message, input);
  }

  @Test
  void injectionAttemptsGetTheUsage() {
    assertThat(rejection("/backup now \"; rm -rf /"))
        .isEqualTo("Too many words. Usage: /backup now [target]");
    assertThat(rejection("/backup now $(touch /tmp/x)"))
        .isEqualTo("Too many words. Usage: /backup now [target]");
    assertThat(rejection("/backup now shop; drop table x"))
        .isEqualTo("Too many words. Usage: /backup now [target]");
    assertThat(rejection("/backup now `id`"))
        .isEqualTo("'?id?' is not a valid target name: names use letters, digits, '-', '_' "
            + "and '.'.");
    assertThat(rejection("/cancel r1;2"))
        .isEqualTo("'r1;2' is not a run; runs look like r12 (/runs lists them).");
  }

  @Test
  void overlongCommandIsRefusedWithoutEchoingIt() {
    String message = rejection("/backup now " + "x".repeat(10_000));

    assertThat(message).isEqualTo("That command is too long (10012 characters). Type /help to "
        + "see what Lifeboat understands.");
  }

  @Test
  void escapeSequencesAreNeutralisedWhenEchoed() {
    String message = rejection("/backup now \u001b[31mshop");

    assertThat(message).startsWith("'?[31mshop' is not a valid target name");
  }

  @Test
  void unknownCommandIsNamedAndTruncated() {
    assertThat(rejection("/drop")).isEqualTo("Lifeboat does not know /drop. Type /help to see "
        + "the commands.");
    assertThat(rejection("/" + "z".repeat(300)))
        .isEqualTo("Lifeboat does not know /" + "z".repeat(39) + "…. Type /help to see the "
            + "commands.");
  }

  @Test
  void emptyInputPointsToHelp() {
    assertThat(rejection(null)).isEqualTo("Type /help to see what Lifeboat understands.");
    assertThat(rejection("  ")).isEqualTo("Type /help to see what Lifeboat understands.");
  }

  /**
   * Regression: Names.shown used {@code \p{Cntrl}}, which in Java is ASCII only, so C1 controls
   * such as U+009B (CSI, starts an ANSI escape on 8-bit terminals), U+0085 (NEL, a line break)
   * and bidi overrides (U+202E) were echoed back into the channel.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/backup now shop\u009b31m", "/backup now shop\u0085/cancel", "/\u009b2J",
      "/backup now shop\u202egnp", "/cancel r1\u200b"})
  void doesNotEchoUnicodeControlOrFormatCharacters(String input) {
    String message = rejection(input);

    assertThat(message.chars()
        .filter(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)
        .mapToObj(Integer::toHexString))
        .as("control or format characters echoed in: %s", message)
        .isEmpty();
  }

  private String rejection(String input) {
    InvalidInputException e = catchThrowableOfType(() -> parser.parse(input),
        InvalidInputException.class);
    assertThat(e).as("'%s' should be rejected", input).isNotNull();
    return e.getMessage();
  }

  /** No run of more than MAX_ECHO characters of the input appears in the message. */
  private static void assertNoLongEcho(String message, String input) {
    if (input == null) {
      return;
    }
    for (int i = 0; i + MAX_ECHO < input.length(); i++) {
      String window = input.substring(i, i + MAX_ECHO + 1);
      assertThat(message).as("echoes too much of the input").doesNotContain(window);
    }
  }

  @Test
  void continueAndAbortAnswerARunsChecklist() {
    assertThat(parser.parse("/continue")).isEqualTo(new Command.Answer(Optional.empty(), true,
        ""));
    assertThat(parser.parse("/continue r12")).isEqualTo(new Command.Answer(Optional.of(12L),
        true, ""));
    assertThat(parser.parse("/abort r12 uploads fail")).isEqualTo(new Command.Answer(
        Optional.of(12L), false, "uploads fail"));
    assertThat(parser.parse("/abort the video does not play")).isEqualTo(new Command.Answer(
        Optional.empty(), false, "the video does not play"));
    assertThatThrownBy(() -> parser.parse("/continue r12 now"))
        .hasMessage("Usage: /continue [r12]");
  }
}
