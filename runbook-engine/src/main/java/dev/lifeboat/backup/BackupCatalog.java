package dev.lifeboat.backup;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.Names;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The list of backups in the state database, for quick listing and lookups. It is a cache of
 * the manifests in the stores, which stay the source of truth: {@link #rebuild} re-reads them.
 */
public final class BackupCatalog {
  private final StateDatabase database;

  public BackupCatalog(StateDatabase database) {
    this.database = database;
  }

  public void record(BackupManifest manifest, String store) {
    record(manifest, List.of(store));
  }

  /** A backup held by {@code stores}, the one to read it from first. */
  public void record(BackupManifest manifest, List<String> stores) {
    try (Connection c = database.connect()) {
      insert(c, manifest, stores);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Newest first; {@code target} empty means every target. */
  public List<BackupRecord> list(Optional<String> target, int limit) {
    String sql = "SELECT manifest, store, last_verified_at, last_verify_result, last_restore_ms, "
        + "stores FROM backups "
        + (target.isPresent() ? "WHERE target = ? " : "") + "ORDER BY finished_at DESC LIMIT ?";
    List<BackupRecord> result = new ArrayList<>();
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      if (target.isPresent()) {
        s.setString(i++, target.get());
      }
      s.setInt(i, limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          result.add(read(r));
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return result;
  }

  public Optional<BackupRecord> latest(String target) {
    return list(Optional.of(target), 1).stream().findFirst();
  }

  /**
   * The size of the target's newest backup, without reading its manifest: a backup's preflight
   * needs only this, and parsing a manifest made a cron backup build the JSON reader before
   * pg_dump could start.
   */
  public OptionalLong latestBytes(String target) {
    try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
        "SELECT bytes FROM backups WHERE target = ? ORDER BY finished_at DESC LIMIT 1")) {
      s.setString(1, target);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public BackupRecord find(String id) {
    if (!Names.isValid(id)) {
      throw new InvalidInputException("'" + Names.shown(id) + "' is not a backup id; ids look "
          + "like shop-20261123-130812. /backup list shows them.");
    }
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT manifest, store, last_verified_at, "
            + "last_verify_result, last_restore_ms, stores FROM backups WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return read(r);
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    throw new NotFoundException("No backup with id " + id + ". /backup list shows the backups "
        + "Lifeboat knows.");
  }

  /** How many backups the catalog lists, over every target. */
  public int size() {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM backups");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public boolean contains(String id) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM backups WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public void recordVerification(String id, Instant at, String result) {
    recordVerification(id, at, result, Optional.empty());
  }

  /** Records a verification's result and, when it restored, how long that took. */
  public void recordVerification(String id, Instant at, String result,
      Optional<java.time.Duration> restoreTook) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("UPDATE backups SET last_verified_at = ?, "
            + "last_verify_result = ?, last_restore_ms = ? WHERE id = ?")) {
      s.setLong(1, at.toEpochMilli());
      s.setString(2, result.length() > 1000 ? result.substring(0, 1000) : result);
      s.setObject(3, restoreTook.map(java.time.Duration::toMillis).orElse(null));
      s.setString(4, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Forgets a backup whose artifact was deleted. */
  public void remove(String id) {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement("DELETE FROM backups WHERE id = ?")) {
      s.setString(1, id);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Makes the catalog match the manifests in the stores: adds what is missing, drops what no
   * store holds any more, keeps verification results of backups that are still there.
   *
   * @return how many entries were added and removed
   */
  public Sync rebuild(List<Store> stores) {
    int added = 0;
    int removed = 0;
    // Every store is read before anything changes: where each backup lives, in config order.
    Map<String, BackupManifest> manifests = new LinkedHashMap<>();
    Map<String, List<String>> holders = new LinkedHashMap<>();
    List<String> unreachable = new ArrayList<>();
    for (Store store : stores) {
      List<BackupManifest> listed;
      try {
        listed = store.manifests();
      } catch (dev.lifeboat.store.StoreException e) {
        // A store that is down must not make its backups vanish from the catalog, nor stop
        // the others from being read: what it holds stays as the catalog last knew it.
        unreachable.add(e.getMessage());
        continue;
      }
      for (BackupManifest m : listed) {
        manifests.putIfAbsent(m.id(), m);
        holders.computeIfAbsent(m.id(), id -> new ArrayList<>()).add(store.name());
      }
    }
    try (Connection c = database.connect()) {
      Map<String, String> known = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement("SELECT id, stores, store FROM backups");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          known.put(r.getString(1), r.getString(2) == null ? r.getString(3) : r.getString(2));
        }
      }
      for (Map.Entry<String, BackupManifest> e : manifests.entrySet()) {
        List<String> where = holders.get(e.getKey());
        if (!known.containsKey(e.getKey())) {
          insert(c, e.getValue(), where);
          added++;
        } else if (unreachable.isEmpty()
            && !String.join(",", where).equals(known.get(e.getKey()))) {
          try (PreparedStatement s = c.prepareStatement(
              "UPDATE backups SET store = ?, stores = ? WHERE id = ?")) {
            s.setString(1, where.get(0));
            s.setString(2, String.join(",", where));
            s.setString(3, e.getKey());
            s.executeUpdate();
          }
        }
      }
      for (String id : known.keySet()) {
        if (unreachable.isEmpty() && !manifests.containsKey(id)) {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM backups WHERE id = ?")) {
            s.setString(1, id);
            removed += s.executeUpdate();
          }
        }
      }
    } catch (SQLException e) {
      throw failure(e);
    }
    return new Sync(added, removed, manifests.size(), unreachable);
  }

  /**
   * What a rebuild changed.
   *
   * @param unreachable why stores could not be read (then nothing was removed or moved)
   */
  public record Sync(int added, int removed, int total, List<String> unreachable) {
    public Sync {
      unreachable = List.copyOf(unreachable);
    }
  }

  private static void insert(Connection c, BackupManifest m, List<String> stores)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO backups (id, target, store, "
        + "finished_at, bytes, sha256, manifest, stores) VALUES (?,?,?,?,?,?,?,?)")) {
      s.setString(1, m.id());
      s.setString(2, m.target());
      s.setString(3, stores.get(0));
      s.setString(8, String.join(",", stores));
      s.setLong(4, m.finishedAt().toEpochMilli());
      s.setLong(5, m.bytes());
      s.setString(6, m.sha256());
      s.setString(7, Manifests.toJson(m));
      s.executeUpdate();
    }
  }

  private static BackupRecord read(ResultSet r) throws SQLException {
    long verified = r.getLong(3);
    Optional<Instant> verifiedAt = r.wasNull() ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(verified));
    long restoreMs = r.getLong(5);
    Optional<java.time.Duration> restoreTook = r.wasNull() ? Optional.empty()
        : Optional.of(java.time.Duration.ofMillis(restoreMs));
    String stores = r.getString(6);
    return new BackupRecord(Manifests.fromJson(r.getString(1)), r.getString(2), verifiedAt,
        Optional.ofNullable(r.getString(4)), restoreTook,
        stores == null ? List.of(r.getString(2)) : List.of(stores.split(",")));
  }

  private static LifeboatException failure(SQLException e) {
    return new LifeboatException("The backup catalog in the state database failed: "
        + e.getMessage(), e);
  }
}
