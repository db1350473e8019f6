package dev.lifeboat.store;

import java.nio.file.Path;

/** A configured store: a local directory or an S3-compatible bucket. */
public sealed interface StoreSpec {
  String name();

  /** As written in lifeboat.yaml: {@code local} or {@code s3}. */
  String type();

  /** {@code type: local}: a directory on this host (or a mounted volume). */
  record Local(String name, Path path) implements StoreSpec {
    @Override
    public String type() {
      return "local";
    }
  }

  /** {@code type: s3}: a bucket of AWS S3 or of a service speaking its API. */
  record S3(String name, S3Settings settings) implements StoreSpec {
    @Override
    public String type() {
      return "s3";
    }
  }
}
