package dev.lifeboat.runbook;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.config.ConfigException;
import dev.lifeboat.target.Target;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds plans from the loaded runbooks: one place that fills defaults and names what is missing. */
public final class Plans {
  private final Map<String, Runbook> runbooks;
  private final Path runbookDirectory;

  public Plans(Map<String, Runbook> runbooks, Path runbookDirectory) {
    this.runbooks = Map.copyOf(runbooks);
    this.runbookDirectory = runbookDirectory;
  }

  public Runbook runbook(String name) {
    Runbook r = runbooks.get(name);
    if (r == null) {
      throw new ConfigException(runbookDirectory.getFileName() + "/" + name + ".yaml: missing; "
          + "the /" + name + " command needs a runbook named " + name + " (copy it from "
          + "config/runbooks in the Lifeboat repository)");
    }
    return r;
  }

  public Plan build(String runbook, Target target, Map<String, String> params, String requester) {
    Runbook r = runbook(runbook);
    Map<String, String> resolved = new LinkedHashMap<>();
    r.params().forEach((name, fallback) -> {
      String value = params.getOrDefault(name, fallback);
      if (value.isEmpty() && !name.equals("target")) {
        throw new InvalidInputException("The " + runbook + " runbook needs a value for " + name
            + ".");
      }
      resolved.put(name, value);
    });
    resolved.put("target", target.name());
    return Plan.of(r, target, resolved, requester);
  }
}
