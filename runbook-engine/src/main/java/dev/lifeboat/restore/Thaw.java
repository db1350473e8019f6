package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.Target;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code postgres.read-write} (meant to run {@code always}): lets writes in again on whatever
 * database now carries the target's name: the original after a failure or cancel, the restored
 * one after a swap (where it changes nothing), the target itself after an in-place restore.
 *
 * <p>It acts only when postgres.read-only of this run made the target read-only: a database that
 * is read-only by its own configuration is not Lifeboat's to open. A process that died before
 * this step ran is covered by {@link RestoreRecovery} at the next start.
 *
 * <p>One case stays frozen on purpose: an in-place restore that stopped part way leaves a mix of
 * old and restored data, and writes into it would make things worse; a person decides.
 */
public final class Thaw implements Step {
  private final MaintenanceWebhook webhook;

  public Thaw() {
    this(new MaintenanceWebhook());
  }

  Thaw(MaintenanceWebhook webhook) {
    this.webhook = webhook;
  }

  @Override
  public Object settings(dev.lifeboat.config.ConfigNode with) {
    return MaintenanceWebhook.Setting.read(with);
  }

  @Override
  public void execute(StepContext context) {
    Target target = context.target();
    String database = target.connection().database();
    if (!context.get(RestoreKeys.FROZEN).orElse(false)) {
      context.log("writes were not stopped by this run; nothing to reopen");
      return;
    }
    if (context.get(RestoreKeys.INCOMPLETE).orElse(false)) {
      throw new LifeboatException(database + " stays read-only: the in-place restore stopped "
          + "part way, so it holds part of the backup and part of what it had. "
          + context.get(RestoreKeys.SAFETY_BACKUP).map(id -> "To go back: /restore " + id + " "
              + target.name() + " in-place. ").orElse("")
          + "To accept it as it is: ALTER DATABASE " + DatabaseAdmin.quote(database)
          + " RESET default_transaction_read_only;");
    }
    // Deliberately no cancellation check: this step exists to run after a cancel.
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      try {
        if (!admin.exists(database)) {
          throw new LifeboatException("There is no database " + database + " on "
              + admin.where() + " to reopen for writes; see the swap step's error for where "
              + "the data is.");
        }
        admin.resetReadOnly(database);
      } catch (SQLException e) {
        throw new LifeboatException(admin.failure("let writes into " + database + " again", e)
            .getMessage() + " Until then it is read-only; by hand: ALTER DATABASE "
            + DatabaseAdmin.quote(database) + " RESET default_transaction_read_only;", e);
      }
    }
    context.log("writes allowed again on " + database + " (new sessions are read-write)");
    Optional<String> url = MaintenanceWebhook.configured(context)
        .or(() -> context.get(RestoreKeys.WEBHOOK));
    url.ifPresent(u -> webhook.post(context, u, "live"));
  }
}
