package dev.lifeboat.run;

/** The life of a run. */
public enum RunState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** The process running it stopped (killed, crashed, restarted) before it finished. */
  INTERRUPTED;

  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }

  public String label() {
    return name().toLowerCase();
  }
}
