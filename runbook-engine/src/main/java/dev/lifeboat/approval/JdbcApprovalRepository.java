package dev.lifeboat.approval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.restore.LossPreview;
import dev.lifeboat.run.Origin;
import dev.lifeboat.runbook.PlanVersion;
import dev.lifeboat.state.StateDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Approval requests in the state database. */
public final class JdbcApprovalRepository implements ApprovalRepository {
  private static final String COLUMNS = "id, runbook, target, params, plan_hash, requested_by, "
      + "origin, statement, required, created_at, expires_at, state, decided_by, reason, run_id, "
      + "loss_preview";
  private final StateDatabase database;
  private final ObjectMapper json = new ObjectMapper();

  public JdbcApprovalRepository(StateDatabase database) {
    this.database = database;
  }

  @Override
  public ApprovalRequest create(String runbook, String target, Map<String, String> params,
      String planHash, String requestedBy, Origin origin, String statement, int required,
      Instant createdAt, Instant expiresAt) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO approval_requests (runbook, "
            + "target, params, plan_hash, requested_by, origin, statement, required, "
            + "created_at, expires_at, state) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            Statement.RETURN_GENERATED_KEYS)) {
      s.setString(1, runbook);
      s.setString(2, target);
      s.setString(3, json.writeValueAsString(params));
      s.setString(4, planHash);
      s.setString(5, requestedBy);
      s.setString(6, origin.encoded());
      s.setString(7, statement);
      s.setInt(8, required);
      s.setLong(9, createdAt.toEpochMilli());
      s.setLong(10, expiresAt.toEpochMilli());
      s.setString(11, ApprovalState.PENDING.name());
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return find(keys.getLong(1)).orElseThrow();
      }
    } catch (SQLException | IOException e) {
      throw failure(e);
    }
  }

  @Override
  public Optional<ApprovalRequest> find(long id) {
    return query("SELECT " + COLUMNS + " FROM approval_requests WHERE id = ?", id).stream()
        .findFirst();
  }

  @Override
  public List<ApprovalRequest> withState(ApprovalState state) {
    return query("SELECT " + COLUMNS + " FROM approval_requests WHERE state = ? ORDER BY id",
        state.name());
  }

  @Override
  public boolean approve(long requestId, Approval approval) {
    try (Connection c = database.connect()) {
      try (PreparedStatement check = c.prepareStatement("SELECT 1 FROM approvals WHERE "
          + "request_id = ? AND person = ? AND plan_hash = ?")) {
        check.setLong(1, requestId);
        check.setString(2, approval.person());
        check.setString(3, approval.planHash());
        try (ResultSet r = check.executeQuery()) {
          if (r.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO approvals (request_id, person, "
          + "plan_hash, at, via, preview_hash) VALUES (?,?,?,?,?,?)")) {
        s.setLong(1, requestId);
        s.setString(2, approval.person());
        s.setString(3, approval.planHash());
        s.setLong(4, approval.at().toEpochMilli());
        s.setString(5, approval.via());
        s.setString(6, approval.previewHash());
        s.executeUpdate();
        return true;
      } catch (SQLException e) {
        // A click and a reaction from the same person at the same moment: the key says once.
        if ("23505".equals(e.getSQLState())) {
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public void remember(long requestId, PlanVersion version) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE approval_requests SET "
            + "runbook_fingerprint = ?, target_fingerprint = ? WHERE id = ?")) {
      s.setString(1, version.runbookFingerprint());
      s.setString(2, version.targetFingerprint());
      s.setLong(3, requestId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public void rememberPreview(long requestId, LossPreview preview) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE approval_requests SET "
            + "loss_preview = ?, preview_hash = ? WHERE id = ?")) {
      s.setString(1, preview.toJson());
      s.setString(2, preview.hash());
      s.setLong(3, requestId);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public Optional<PlanVersion> version(long requestId) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT runbook_fingerprint, "
            + "target_fingerprint FROM approval_requests WHERE id = ?")) {
      s.setLong(1, requestId);
      try (ResultSet r = s.executeQuery()) {
        if (r.next() && r.getString(1) != null && r.getString(2) != null) {
          return Optional.of(new PlanVersion(r.getString(1), r.getString(2)));
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public void withdraw(long requestId, String person, String planHash) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("DELETE FROM approvals WHERE request_id = ? "
            + "AND person = ? AND plan_hash = ?")) {
      s.setLong(1, requestId);
      s.setString(2, person);
      s.setString(3, planHash);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  @Override
  public boolean close(long requestId, ApprovalState state, String decidedBy, String reason,
      Long runId) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE approval_requests SET state = ?, "
            + "decided_by = ?, reason = ?, run_id = ? WHERE id = ? AND state = ?")) {
      s.setString(1, state.name());
      s.setString(2, decidedBy);
      s.setString(3, reason);
      s.setObject(4, runId);
      s.setLong(5, requestId);
      s.setString(6, ApprovalState.PENDING.name());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<ApprovalRequest> query(String sql, Object... values) {
    List<ApprovalRequest> result = new ArrayList<>();
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setObject(i + 1, values[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long id = r.getLong(1);
          Map<String, String> params = json.readValue(r.getString(4), new TypeReference<>() {});
          long run = r.getLong(15);
          Optional<Long> runId = r.wasNull() ? Optional.empty() : Optional.of(run);
          result.add(new ApprovalRequest(id, r.getString(2), r.getString(3), params,
              r.getString(5), r.getString(6), Origin.decode(r.getString(7)), r.getString(8),
              r.getInt(9), Instant.ofEpochMilli(r.getLong(10)),
              Instant.ofEpochMilli(r.getLong(11)), ApprovalState.valueOf(r.getString(12)),
              Optional.ofNullable(r.getString(13)), Optional.ofNullable(r.getString(14)), runId,
              approvals(c, id), Optional.ofNullable(r.getString(16))
                  .map(LossPreview::fromJson)));
        }
      }
    } catch (SQLException | IOException e) {
      throw failure(e);
    }
    return result;
  }

  private static List<Approval> approvals(Connection c, long requestId) throws SQLException {
    List<Approval> result = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT person, plan_hash, at, via, "
        + "preview_hash FROM approvals WHERE request_id = ? ORDER BY at")) {
      s.setLong(1, requestId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          result.add(new Approval(r.getString(1), r.getString(2),
              Instant.ofEpochMilli(r.getLong(3)), r.getString(4), r.getString(5)));
        }
      }
    }
    return result;
  }

  private static LifeboatException failure(Exception e) {
    return new LifeboatException("Approval requests in the state database failed: "
        + e.getMessage(), e);
  }
}
