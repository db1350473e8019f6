package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines are offered to a serve: those that start a run, and no help. */
class HandoffClientTest {
  @Test
  void theCommandsThatStartARunAreOfferedAndNothingElse() {
    assertThat(HandoffClient.handed(new String[] {"backup", "now", "--all", "--json"})).isTrue();
    assertThat(HandoffClient.handed(new String[] {"verify", "shop-20260101-000000"})).isTrue();
    assertThat(HandoffClient.handed(new String[] {"drill", "-t", "shop"})).isTrue();

    assertThat(HandoffClient.handed(new String[] {})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"backup"})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"backup", "list"})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"status", "--nagios"})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"serve"})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"verify", "--help"})).isFalse();
    assertThat(HandoffClient.handed(new String[] {"backup", "now", "-h"})).isFalse();
  }

  @Test
  void theSmallJarsCodesAreLifeboatsOwnAndNotTakenIsNoneOfThem() {
    assertThat(HandoffClient.RUN_FAILED).isEqualTo(ExitCode.RUN_FAILED.code());
    assertThat(ExitCode.values()).extracting(ExitCode::code)
        .doesNotContain(HandoffMain.NOT_TAKEN);
  }
}
