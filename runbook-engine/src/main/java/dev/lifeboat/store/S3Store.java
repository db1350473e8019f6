package dev.lifeboat.store;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3-compatible bucket: {@code <prefix><target>/<backup-id>/} holds the artifact
 * and {@code manifest.json}. The artifact streams up as a multipart upload, which S3 keeps
 * invisible until it is completed; the manifest is put last, and only a folder with a manifest
 * is a backup. While a backup is written, a marker {@code <target>/.partial/r<run>-<backup-id>}
 * says which run it belongs to, so {@link #removeIncomplete} cleans exactly what a dead run left
 * (aborting its multipart upload, which would otherwise be billed forever) and nothing of a live
 * one.
 */
public final class S3Store implements Store {
  static final String MANIFEST = "manifest.json";
  private static final String PARTIAL = ".partial/";
  /** S3 allows 10,000 parts; aim below that so an estimate a little short still fits. */
  private static final long PLANNED_PARTS = 9_000;

  private final String name;
  private final S3Settings settings;
  private final S3Client s3;

  public S3Store(String name, S3Settings settings, S3Client s3) {
    this.name = name;
    this.settings = settings;
    this.s3 = s3;
  }

  /** A client for {@code settings}: its endpoint, region, path style and credentials. */
  public static S3Client client(S3Settings settings) {
    AwsCredentialsProvider credentials = settings.accessKeyId().isPresent()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
            settings.accessKeyId().get().reveal(), settings.secretAccessKey().get().reveal()))
        : DefaultCredentialsProvider.builder().build();
    var builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        // Many S3-compatible services reject the SDK's newer default of checksum trailers on
        // every upload; Lifeboat checks SHA-256 of what it stored itself.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .httpClient(ApacheHttpClient.builder().build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String describe() {
    return name + " (" + settings.location() + ")";
  }

  @Override
  public PendingBackup begin(String target, String backupId, long runId) {
    return begin(target, backupId, runId, 0);
  }

  @Override
  public PendingBackup begin(String target, String backupId, long runId, long expectedBytes) {
    String manifest = key(target, backupId, MANIFEST);
    if (exists(manifest)) {
      throw new StoreException("Store " + name + " already holds a backup " + backupId + ".");
    }
    String marker = marker(target, runId, backupId);
    put(marker, ("run " + runId + "\n").getBytes(StandardCharsets.UTF_8), "cannot write to");
    return new S3Pending(target, backupId, marker, partSize(expectedBytes));
  }

  /** The configured part size, or larger when the expected size would need too many parts. */
  int partSize(long expectedBytes) {
    long needed = (expectedBytes + PLANNED_PARTS - 1) / PLANNED_PARTS;
    long mib = 1 << 20;
    long rounded = (needed + mib - 1) / mib * mib;
    return (int) Math.min(S3Settings.MAX_PART, Math.max(settings.partSize(), rounded));
  }

  private final class S3Pending implements PendingBackup {
    private final String target;
    private final String backupId;
    private final String marker;
    private final int partSize;
    private final List<String> written = new ArrayList<>();
    private StreamingUpload artifact;
    private boolean published;

    S3Pending(String target, String backupId, String marker, int partSize) {
      this.target = target;
      this.backupId = backupId;
      this.marker = marker;
      this.partSize = partSize;
    }

    @Override
    public OutputStream artifact() {
      if (artifact == null) {
        String key = key(target, backupId, LocalDirectoryStore.ARTIFACT);
        artifact = new StreamingUpload(s3, settings.bucket(), key, partSize, name);
        written.add(key);
      }
      return artifact;
    }

    @Override
    public OutputStream file(String fileName) {
      String key = key(target, backupId, fileName);
      written.add(key);
      // Small files (the roles); a single PUT once the part is known to be the last.
      return new StreamingUpload(s3, settings.bucket(), key, S3Settings.MIN_PART, name);
    }

    @Override
    public Path directory() {
      throw new StoreException("Store " + name + " is an S3 bucket and takes single-file "
          + "artifacts; the directory format needs a local store.");
    }

    @Override
    public void publish(BackupManifest manifest) {
      if (!manifest.artifact().equals(LocalDirectoryStore.ARTIFACT)) {
        throw new StoreException("Store " + name + " takes only " + LocalDirectoryStore.ARTIFACT
            + " artifacts, not " + manifest.artifact() + ".");
      }
      try {
        if (artifact != null) {
          artifact.close();
        }
      } catch (IOException e) {
        throw new StoreException("Store " + name + " (" + settings.location() + ") could not "
            + "finish the upload of " + backupId + ": " + e.getMessage() + ".", e);
      }
      put(key(target, backupId, MANIFEST), Manifests.toJson(manifest)
          .getBytes(StandardCharsets.UTF_8), "could not publish backup " + backupId + " to");
      published = true;
      deleteQuietly(marker);
    }

    @Override
    public void close() {
      if (published) {
        return;
      }
      try {
        if (artifact != null) {
          artifact.abort();
        }
        for (String key : written) {
          deleteQuietly(key);
        }
        deleteQuietly(marker);
      } catch (SdkException e) {
        // The marker stays if this fails: removeIncomplete of this run finishes the job.
      }
    }
  }

  @Override
  public List<BackupManifest> manifests() {
    List<BackupManifest> result = new ArrayList<>();
    try {
      for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket())
          .prefix(settings.prefix())).contents()) {
        String rest = o.key().substring(settings.prefix().length());
        String[] parts = rest.split("/", -1);
        if (parts.length == 3 && parts[2].equals(MANIFEST) && !parts[0].startsWith(".")
            && !parts[1].startsWith(".")) {
          result.add(readManifest(o.key()));
        }
      }
    } catch (SdkException e) {
      throw unavailable("cannot list", e);
    }
    result.sort(Comparator.comparing(BackupManifest::finishedAt));
    return result;
  }

  private BackupManifest readManifest(String key) {
    byte[] bytes = s3.getObjectAsBytes(r -> r.bucket(settings.bucket()).key(key)).asByteArray();
    try {
      return Manifests.fromJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (StoreException e) {
      throw new StoreException("The manifest s3://" + settings.bucket() + "/" + key + " in store "
          + name + " cannot be read (" + e.getMessage() + "). Move that backup aside and rebuild "
          + "the catalog.", e);
    }
  }

  @Override
  public InputStream openArtifact(BackupManifest manifest) {
    return openFile(manifest, manifest.artifact());
  }

  @Override
  public InputStream openFile(BackupManifest manifest, String fileName) {
    String key = key(manifest.target(), manifest.id(), fileName);
    try {
      return s3.getObject(r -> r.bucket(settings.bucket()).key(key),
          ResponseTransformer.toInputStream());
    } catch (NoSuchKeyException e) {
      throw new StoreException("Backup " + manifest.id() + " is listed but its " + fileName
          + " is missing from store " + name + " (s3://" + settings.bucket() + "/" + key + ").");
    } catch (SdkException e) {
      throw unavailable("cannot read", e);
    }
  }

  @Override
  public Optional<Path> localPath(BackupManifest manifest) {
    return Optional.empty();
  }

  @Override
  public String writeReport(String target, String reportName, String content) {
    String key = settings.prefix() + target + "/reports/" + reportName;
    put(key, content.getBytes(StandardCharsets.UTF_8), "cannot store the report in");
    return "s3://" + settings.bucket() + "/" + key;
  }

  @Override
  public void probe() {
    try {
      s3.headBucket(r -> r.bucket(settings.bucket()));
    } catch (SdkException e) {
      throw unavailable("cannot reach", e);
    }
  }

  @Override
  public OptionalLong freeBytes() {
    return OptionalLong.empty();
  }

  @Override
  public boolean delete(BackupManifest manifest) {
    String folder = key(manifest.target(), manifest.id(), "");
    String manifestKey = folder + MANIFEST;
    try {
      if (!exists(manifestKey)) {
        return false;
      }
      // The manifest first: from then on this is not a backup, whatever else remains.
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(manifestKey));
      deleteAll(folder);
      return true;
    } catch (SdkException e) {
      throw new StoreException("Could not delete backup " + manifest.id() + " from store " + name
          + " (" + settings.location() + "): " + e.getMessage() + ". Check that Lifeboat's "
          + "credentials may delete objects there.", e);
    }
  }

  @Override
  public List<String> removeIncomplete(long runId) {
    List<String> removed = new ArrayList<>();
    try {
      for (CommonPrefix target : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket())
          .prefix(settings.prefix()).delimiter("/")).commonPrefixes()) {
        String markers = target.prefix() + PARTIAL + "r" + runId + "-";
        for (S3Object marker : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket())
            .prefix(markers)).contents()) {
          String backupId = marker.key().substring(markers.length());
          String targetName = target.prefix().substring(settings.prefix().length(),
              target.prefix().length() - 1);
          String folder = key(targetName, backupId, "");
          abortUploads(folder);
          if (!exists(folder + MANIFEST)) {
            deleteAll(folder);
            removed.add(targetName + "/" + backupId);
          }
          deleteQuietly(marker.key());
        }
      }
    } catch (SdkException e) {
      throw unavailable("cannot clean", e);
    }
    return removed;
  }

  private void abortUploads(String folder) {
    for (MultipartUpload upload : s3.listMultipartUploadsPaginator(r -> r
        .bucket(settings.bucket()).prefix(folder)).uploads()) {
      s3.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(upload.key())
          .uploadId(upload.uploadId()));
    }
  }

  private void deleteAll(String folder) {
    for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(folder))
        .contents()) {
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(o.key()));
    }
  }

  private String key(String target, String backupId, String file) {
    return settings.prefix() + target + "/" + backupId + "/" + file;
  }

  private String marker(String target, long runId, String backupId) {
    return settings.prefix() + target + "/" + PARTIAL + "r" + runId + "-" + backupId;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(r -> r.bucket(settings.bucket()).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw unavailable("cannot read", e);
    } catch (SdkException e) {
      throw unavailable("cannot read", e);
    }
  }

  private void put(String key, byte[] body, String what) {
    try {
      s3.putObject(r -> r.bucket(settings.bucket()).key(key), RequestBody.fromBytes(body));
    } catch (SdkException e) {
      throw unavailable(what, e);
    }
  }

  private void deleteQuietly(String key) {
    try {
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(key));
    } catch (SdkException e) {
      // left for removeIncomplete; never a backup, since it has no manifest
    }
  }

  private StoreException unavailable(String what, SdkException e) {
    String reason = e instanceof S3Exception s && s.awsErrorDetails() != null
        ? s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + ")"
        : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    String hint = e instanceof S3Exception s && (s.statusCode() == 403 || s.statusCode() == 401)
        ? "check the store's credentials and that they may read and write the bucket"
        : e instanceof S3Exception s && s.statusCode() == 404
            ? "check the bucket's name and region"
            : "check the endpoint, the network and that the bucket exists";
    return new StoreException("Store " + name + " " + what + " " + settings.location() + ": "
        + reason + "; " + hint + ".", e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Only for messages: never the credentials. */
  @Override
  public String toString() {
    return describe();
  }

}
