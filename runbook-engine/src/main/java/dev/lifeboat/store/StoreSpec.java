package dev.lifeboat.store;

import java.nio.file.Path;

/** A configured store; only local directories exist for now, S3 comes later behind {@link Store}. */
public record StoreSpec(String name, String type, Path path) {}
