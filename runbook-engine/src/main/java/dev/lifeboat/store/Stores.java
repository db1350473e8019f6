package dev.lifeboat.store;

import dev.lifeboat.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured stores by name. */
public final class Stores {
  private final Map<String, Store> byName = new LinkedHashMap<>();

  public Stores(List<Store> stores) {
    stores.forEach(s -> byName.put(s.name(), s));
  }

  public static Stores from(Map<String, StoreSpec> specs) {
    List<Store> stores = new ArrayList<>();
    specs.values().forEach(s -> stores.add(new LocalDirectoryStore(s.name(), s.path())));
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
}
