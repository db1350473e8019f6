package dev.lifeboat.store;

import dev.lifeboat.config.Secret;
import java.net.URI;
import java.util.Optional;

/**
 * Where an S3-compatible store is and how to reach it.
 *
 * @param prefix put before every key, empty or ending in "/"
 * @param endpoint for services other than AWS (R2, GCS, MinIO, B2); empty means AWS's own
 * @param pathStyle {@code https://host/bucket/key} instead of {@code https://bucket.host/key},
 *     which MinIO and most self-hosted services need
 * @param accessKeyId with {@code secretAccessKey}, from the environment variables lifeboat.yaml
 *     names; both empty means the SDK's standard chain (AWS_* variables, profile, instance role)
 * @param partSize the smallest multipart part; larger for big databases (10,000 parts at most)
 */
public record S3Settings(
    String bucket,
    String prefix,
    String region,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<Secret> accessKeyId,
    Optional<Secret> secretAccessKey,
    int partSize) {
  /** S3's smallest part (but the last). */
  public static final int MIN_PART = 5 << 20;
  public static final int DEFAULT_PART = 8 << 20;
  public static final int MAX_PART = 512 << 20;

  public S3Settings {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
  }

  /** For people: the bucket and prefix, never credentials. */
  public String location() {
    return "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e.getHost()).orElse("");
  }
}
