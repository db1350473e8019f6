package dev.lifeboat.store;

import dev.lifeboat.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured stores by name. */
public final class Stores implements AutoCloseable {
  private final Map<String, Store> byName = new LinkedHashMap<>();

  public Stores(List<Store> stores) {
    stores.forEach(s -> byName.put(s.name(), s));
  }

  public static Stores from(Map<String, StoreSpec> specs) {
    List<Store> stores = new ArrayList<>();
    for (StoreSpec spec : specs.values()) {
      stores.add(switch (spec) {
        case StoreSpec.Local l -> new LocalDirectoryStore(l.name(), l.path());
        case StoreSpec.S3 s -> new S3Store(s.name(), s.settings(), S3Store.client(s.settings()));
      });
    }
    return new Stores(stores);
  }

  public Store get(String name) {
    Store s = byName.get(name);
    if (s == null) {
      throw new NotFoundException("No store named " + name + ".");
    }
    return s;
  }

  public List<Store> all() {
    return List.copyOf(byName.values());
  }

  /** The stores of {@code names}, in that order (the first is the primary). */
  public List<Store> of(List<String> names) {
    return names.stream().map(this::get).toList();
  }

  @Override
  public void close() {
    byName.values().forEach(Store::close);
  }
}
