package dev.lifeboat.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreWithRolesParseTest {
  private final CommandParser parser = new CommandParser();

  @Test
  void withRolesIsAnOptionInAnyPlaceAndSpelledEitherWay() {
    assertThat(parser.parse("/restore latest shop with-roles")).isEqualTo(new Command.Restore(
        Optional.of("latest"), Optional.of("shop"), Optional.empty(), false, true));
    assertThat(parser.parse("/restore --with-roles shop in-place allow-unfinished-migrations"))
        .isEqualTo(new Command.Restore(Optional.empty(), Optional.of("shop"),
            Optional.of("in-place"), true, true));
    assertThat(parser.parse("/restore latest shop")).isEqualTo(new Command.Restore(
        Optional.of("latest"), Optional.of("shop"), Optional.empty(), false, false));
  }
}
