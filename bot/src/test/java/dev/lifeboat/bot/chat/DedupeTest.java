package dev.lifeboat.bot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Redeliveries are recognised for ten minutes; the time is moved by hand, not slept. */
class DedupeTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Dedupe dedupe = new Dedupe("slack", (Ticker) nanos::get);

  @Test
  void aRedeliveryWithinTenMinutesIsRecognisedAndForgottenAfter() {
    String key = Dedupe.event("Ev123");
    assertThat(dedupe.first(key)).isTrue();
    assertThat(dedupe.first(key)).isFalse();
    nanos.addAndGet(Duration.ofMinutes(9).toNanos());
    assertThat(dedupe.first(key)).isFalse();
    nanos.addAndGet(Duration.ofMinutes(11).toNanos());
    assertThat(dedupe.first(key)).isTrue();
  }

  @Test
  void commandsAreTheSameOnlyWithTheSamePersonTextAndTrigger() {
    String command = Dedupe.command("U1", "/backup", "now", "trigger-1");
    assertThat(dedupe.first(command)).isTrue();
    assertThat(dedupe.first(Dedupe.command("U1", "/backup", "now", "trigger-1"))).isFalse();
    assertThat(dedupe.first(Dedupe.command("U1", "/backup", "now", "trigger-2"))).isTrue();
    assertThat(dedupe.first(Dedupe.command("U2", "/backup", "now", "trigger-1"))).isTrue();
    assertThat(dedupe.first(Dedupe.command("U1", "/backup", "list", "trigger-1"))).isTrue();
    assertThat(command).doesNotContain("U1").doesNotContain("trigger");
  }

  @Test
  void theSameIdFromAnotherPlatformIsAnotherDelivery() {
    Dedupe discord = new Dedupe("discord", (Ticker) nanos::get);
    assertThat(dedupe.first(Dedupe.event("123"))).isTrue();
    assertThat(discord.first(Dedupe.event("123"))).isTrue();
  }

  @Test
  void aDoubleClickIsOneClickButASecondClickLaterIsNot() {
    assertThat(dedupe.first(Dedupe.click("U1", "lifeboat_approve", "1763.1"))).isTrue();
    assertThat(dedupe.first(Dedupe.click("U1", "lifeboat_approve", "1763.1"))).isFalse();
    assertThat(dedupe.first(Dedupe.click("U1", "lifeboat_approve", "1763.2"))).isTrue();
  }
}
