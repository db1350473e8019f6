package dev.lifeboat.monitor;

import dev.lifeboat.config.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * What the monitors of one target look for, besides its RPO.
 *
 * @param sizeChange how far (0.2 = 20%) a backup's size may differ from the median of the
 *     recent ones before it is reported
 * @param verifyWindow how long a backup may wait for its verification before it counts as
 *     unproven
 * @param drillEvery how old the last drill may get before one is overdue
 * @param storeFreeBytes below this much free space a store counts as nearly full
 * @param approvalWait how long an approval request may wait before its approvers are chased
 * @param escalation the escalation policy its alerts follow, if any
 * @param heartbeat a URL pinged after each successful backup (a dead man's switch)
 */
public record MonitorSettings(double sizeChange, Duration verifyWindow, Duration drillEvery,
    long storeFreeBytes, Duration approvalWait, Optional<String> escalation, Optional<Secret> heartbeat) {}
