package dev.lifeboat.monitor;

/**
 * Something a monitor found wrong with a target right now.
 *
 * @param monitor what is wrong, stable while it stays wrong ("rpo", "size", "backup-failed",
 *     "store:offsite", "approval:a3", "rto:r12"), so the same trouble is one alert
 * @param summary what a person reads, with the numbers that matter
 */
public record Finding(String target, String monitor, String summary) {}
