package dev.lifeboat.drill;

import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.verify.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A restore drill's figures against the target's objectives.
 *
 * @param rpoMeasured the newest backup's age when the drill ran
 * @param rtoMeasured how long restoring it took
 * @param location where the markdown report was stored
 * @param loss what restoring the drilled backup over the target would have lost when the drill
 *     ran: the RPO in rows, not only in time
 */
public record DrillReport(String target, Instant at, VerifyReport verification,
    Duration rpoMeasured, Duration rpoObjective, Optional<Duration> rtoMeasured,
    Duration rtoObjective, String location, Optional<LossPreview> loss) {

  public boolean rpoMet() {
    return rpoMeasured.compareTo(rpoObjective) <= 0;
  }

  public boolean rtoMet() {
    return rtoMeasured.map(r -> r.compareTo(rtoObjective) <= 0).orElse(false);
  }

  public boolean passed() {
    return verification.ok() && rpoMet() && rtoMet();
  }
}
