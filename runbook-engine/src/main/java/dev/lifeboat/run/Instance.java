package dev.lifeboat.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One running Lifeboat process, as the state database knows it: the owner of the runs it
 * executes. People see it in busy messages ("running on web-1, pid 4242"); recovery uses host and
 * pid to tell a dead owner on this host without waiting for its lease to run out.
 *
 * @param id random per start, naming this instance in the state database
 * @param processStart when the pid's process started, so a reused pid (pid 1 of a restarted
 *     container, above all) is not taken for the owner
 */
public record Instance(String id, String host, long pid, Optional<Instant> processStart) {

  /**
   * This process. The host is {@code LIFEBOAT_HOST} when set (for hosts whose name is not unique
   * or not stable), else the machine's host name.
   */
  public static Instance current(Map<String, String> environment) {
    ProcessHandle self = ProcessHandle.current();
    String host = Optional.ofNullable(environment.get("LIFEBOAT_HOST")).filter(h -> !h.isBlank())
        .orElseGet(Instance::hostName);
    return new Instance(UUID.randomUUID().toString().substring(0, 8), host, self.pid(),
        self.info().startInstant());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
    }
  }

  /** How people see it: "lifeboat 3f2a9c1d on web-1, pid 4242". */
  public String shown() {
    return "lifeboat " + id + " on " + host + ", pid " + pid;
  }

  /**
   * Whether this instance is certainly gone, as seen from {@code here}: it ran on the same host
   * and its process is no longer there. From another host nothing is certain; the lease decides.
   */
  public boolean certainlyGoneSeenFrom(Instance here) {
    if (id.equals(here.id) || !host.equals(here.host)) {
      return false;
    }
    // Our own pid too: started at another time, it was the process before a restart (pid 1 in a
    // container); started at the same time, it is another engine in this very process.
    return ProcessHandle.of(pid)
        .map(p -> !p.isAlive() || startedOtherwise(p))
        .orElse(true);
  }

  private boolean startedOtherwise(ProcessHandle p) {
    Optional<Instant> start = p.info().startInstant();
    // Start times are shown to the millisecond or coarser; a second apart is another process.
    return processStart.isPresent() && start.isPresent()
        && Math.abs(start.get().toEpochMilli() - processStart.get().toEpochMilli()) > 1000;
  }
}
