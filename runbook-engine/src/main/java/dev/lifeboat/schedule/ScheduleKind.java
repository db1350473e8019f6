package dev.lifeboat.schedule;

import java.util.Locale;

/** What a schedule starts; each is the runbook of the same name. */
public enum ScheduleKind {
  BACKUP, VERIFY, DRILL;

  /** The runbook this kind runs, and its key under {@code schedule:} in the config. */
  public String runbook() {
    return name().toLowerCase(Locale.ROOT);
  }
}
