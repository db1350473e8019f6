package dev.lifeboat.present;

/** The states a {@link Span.Status} can show; each platform picks its icon. */
public enum Tone {
  OK, FAILED, RUNNING, WAITING, SKIPPED, CANCELLED, BUSY, WARNING, REFUSED, LOCKED, APPROVED,
  DENIED, EXPIRED, WITHDRAWN, ALARM, STARTED, QUESTION
}
