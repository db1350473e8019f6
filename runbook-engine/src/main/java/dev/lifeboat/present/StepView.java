package dev.lifeboat.present;

import java.time.Duration;
import java.util.Optional;

/**
 * One step of a run as people see it.
 *
 * @param detail progress ("25 % · 12 MB") while running
 */
public record StepView(String id, State state, Duration took, String detail,
    Optional<String> error) {

  /** Where a step is. */
  public enum State {
    WAITING(Tone.WAITING), RUNNING(Tone.RUNNING), SUCCEEDED(Tone.OK), FAILED(Tone.FAILED),
    SKIPPED(Tone.SKIPPED), CANCELLED(Tone.CANCELLED);

    private final Tone tone;

    State(Tone tone) {
      this.tone = tone;
    }

    public Tone tone() {
      return tone;
    }

    /** Finished without anything for a person to look at. */
    public boolean quiet() {
      return this == SUCCEEDED || this == SKIPPED;
    }
  }

  static StepView waiting(String id) {
    return new StepView(id, State.WAITING, Duration.ZERO, "", Optional.empty());
  }
}
