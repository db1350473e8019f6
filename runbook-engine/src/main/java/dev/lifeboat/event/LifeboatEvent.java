package dev.lifeboat.event;

import dev.lifeboat.run.RunInfo;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.run.RunState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the engine tells the adapters. Sealed: every renderer's switch must handle each kind, and
 * the compiler says so when a new one is added.
 */
public sealed interface LifeboatEvent {
  RunInfo run();

  record RunStarted(RunInfo run, List<String> steps) implements LifeboatEvent {}

  record StepStarted(RunInfo run, String step, int index, int of) implements LifeboatEvent {}

  /** Work inside a step; {@code total} is 0 when unknown. */
  record StepProgress(RunInfo run, String step, long done, long total, String detail)
      implements LifeboatEvent {}

  /** A line for the run's details (a thread in Slack), not for the main message. */
  record StepLog(RunInfo run, String step, String line) implements LifeboatEvent {}

  record StepFinished(RunInfo run, String step, StepStatus status, Duration took,
      Optional<String> error) implements LifeboatEvent {}

  record RunFinished(RunInfo run, RunState state, Duration took, List<RunResult> results,
      Optional<String> error) implements LifeboatEvent {}

  /** Found at start: a run that was going when the previous process stopped. */
  record RunInterrupted(RunInfo run, String lastStep) implements LifeboatEvent {}

  /** How a step ended. */
  enum StepStatus {
    SUCCEEDED, FAILED, SKIPPED, CANCELLED
  }
}
