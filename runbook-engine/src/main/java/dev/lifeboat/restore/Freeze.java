package dev.lifeboat.restore;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.Target;
import java.sql.SQLException;

/**
 * {@code postgres.read-only}: stops writes to the target without taking it down. New sessions
 * start read-only (a database setting), and the sessions already open, which keep the setting
 * they started with, are ended; applications reconnect and can still read. With
 * {@code with: {webhook: URL}} the application is told it is in maintenance.
 */
public final class Freeze implements Step {
  private final MaintenanceWebhook webhook;

  public Freeze() {
    this(new MaintenanceWebhook());
  }

  Freeze(MaintenanceWebhook webhook) {
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
    context.cancellation().throwIfCancelled();
    try (DatabaseAdmin admin = DatabaseAdmin.connect(target.name(), target.connection())) {
      try {
        freeze(context, admin, database);
      } catch (SQLException e) {
        throw admin.failure("stop writes to " + database, e);
      }
    }
    MaintenanceWebhook.configured(context).ifPresent(url -> {
      context.put(RestoreKeys.WEBHOOK, url);
      webhook.post(context, url, "maintenance");
    });
  }

  private static void freeze(StepContext context, DatabaseAdmin admin, String database)
      throws SQLException {
    if (!admin.exists(database)) {
      throw new LifeboatException("Database " + database + " does not exist on "
          + admin.where() + "; nothing was changed. Check targets." + context.target().name()
          + " in lifeboat.yaml.");
    }
    if (admin.readOnlyByDefault(database)) {
      // Its own configuration, not ours: postgres.read-write must leave it so.
      context.put(RestoreKeys.FROZEN, false);
      context.log(database + " is already read-only by its own setting; Lifeboat leaves that "
          + "setting as it is");
    } else {
      admin.setReadOnly(database);
      // Recorded at once: if ending sessions fails below, the thaw still has to undo this.
      context.put(RestoreKeys.FROZEN, true);
    }
    DatabaseAdmin.Terminated terminated = admin.terminateSessions(database);
    context.log("writes stopped on " + database + ": new sessions are read-only, "
        + terminated.describe());
    if (!terminated.refused().isEmpty()) {
      context.log("warning: sessions that were not ended can still write until they "
          + "disconnect; grant Lifeboat's user pg_signal_backend to end them next time");
    }
  }
}
