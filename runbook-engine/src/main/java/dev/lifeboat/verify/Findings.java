package dev.lifeboat.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the verification steps found, collected as they go so a report can be written even when
 * a step fails half way. Thread-safe: steps may record from helper threads.
 */
public final class Findings {
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Boolean checksumOk;
  private int tablesCompared;
  private long rowsCompared;
  private int checksPassed;
  private int checksRun;
  private Optional<Integer> migrationsApplied = Optional.empty();
  private Duration restoreTook;

  public synchronized void checksum(boolean ok) {
    checksumOk = ok;
  }

  public synchronized void problem(String problem) {
    problems.add(problem);
  }

  public synchronized void note(String note) {
    notes.add(note);
  }

  public synchronized void tablesCompared(int tables, long rows) {
    tablesCompared = tables;
    rowsCompared = rows;
  }

  public synchronized void check(boolean passed) {
    checksRun++;
    if (passed) {
      checksPassed++;
    }
  }

  public synchronized void migrations(int applied) {
    migrationsApplied = Optional.of(applied);
  }

  public synchronized void restoreTook(Duration took) {
    restoreTook = took;
  }

  public synchronized VerifyReport report(String backupId) {
    return new VerifyReport(backupId, Optional.ofNullable(checksumOk), tablesCompared,
        rowsCompared, checksPassed, checksRun, migrationsApplied,
        Optional.ofNullable(restoreTook), List.copyOf(problems), List.copyOf(notes));
  }
}
