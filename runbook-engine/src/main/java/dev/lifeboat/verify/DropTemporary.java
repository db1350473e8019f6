package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.TargetUnavailableException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code postgres.drop-temporary} (meant to run {@code always}): drops the database a run
 * restored into when the run created it as temporary (a verification's scratch copy, a restore's
 * new database that was not swapped in). It relies only on {@link RestoredDatabase#temporary()},
 * so a database the run did not create, such as the target itself, is never touched.
 */
public final class DropTemporary implements Step {

  @Override
  public void execute(StepContext context) throws InterruptedException {
    Optional<RestoredDatabase> restored = context.get(Keys.RESTORED);
    if (restored.isEmpty() || !restored.get().temporary()) {
      context.log("no temporary database to drop");
      return;
    }
    ConnectionInfo temporary = restored.get().connection();
    String name = temporary.database();
    try (DatabaseAdmin admin = DatabaseAdmin.connect(context.target().name(), temporary)) {
      if (!admin.exists(name)) {
        context.log(name + " is already gone");
        return;
      }
      try {
        admin.drop(name);
      } catch (SQLException e) {
        LifeboatException failure = admin.dropFailure(name, e);
        context.get(Keys.FINDINGS).ifPresent(f -> f.note("the temporary database " + name
            + " could not be dropped: " + DatabaseAdmin.firstLine(e)));
        throw failure;
      }
      context.log("dropped " + name);
    } catch (SQLException | TargetUnavailableException e) {
      String reason = e instanceof SQLException s ? DatabaseAdmin.firstLine(s) : e.getMessage();
      throw new LifeboatException("Could not look for the temporary database " + name + " on "
          + temporary.host() + ":" + temporary.port() + ": " + reason + ". If it is there, it "
          + "takes space until someone drops it: DROP DATABASE " + DatabaseAdmin.quote(name)
          + ";", e);
    }
  }
}
