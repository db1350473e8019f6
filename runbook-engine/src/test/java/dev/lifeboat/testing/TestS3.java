package dev.lifeboat.testing;

import dev.lifeboat.config.Secret;
import dev.lifeboat.store.S3Settings;
import dev.lifeboat.store.S3Store;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.io.Payload;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 implementation in this JVM: S3Proxy (the S3 API, with AWS V4 signatures) over an
 * in-memory jclouds blob store, on a free loopback port. It can fail a multipart part on
 * purpose, the way a flaky network or an overloaded service does (S3 answers 500).
 */
public final class TestS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "lifeboat-test-access";
  public static final String SECRET_KEY = "lifeboat-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final AtomicInteger failPart = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger partsReceived = new AtomicInteger();

  private TestS3() throws Exception {
    Properties properties = new Properties();
    context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .overrides(properties).build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(new Flaky(context.getBlobStore()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
  }

  public static TestS3 start() throws Exception {
    return new TestS3();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Settings as lifeboat.yaml would give them, with static credentials. */
  public S3Settings settings(String bucket, String prefix) {
    return new S3Settings(bucket, prefix, "us-east-1", Optional.of(endpoint()), true,
        Optional.of(Secret.of(ACCESS_KEY, "test")), Optional.of(Secret.of(SECRET_KEY, "test")),
        S3Settings.MIN_PART);
  }

  /** A client of the same service, for a test to look at what is really in the bucket. */
  public S3Client client() {
    return S3Store.client(settings("unused", ""));
  }

  public void createBucket(String bucket) {
    context.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** The store's YAML for this service, credentials by environment variable. */
  public String yaml(String bucket, String prefix) {
    return "{type: s3, bucket: " + bucket + ", prefix: " + prefix + ", endpoint: " + endpoint()
        + ", path_style: true, access_key_id_env: TEST_S3_ACCESS_KEY, "
        + "secret_access_key_env: TEST_S3_SECRET_KEY, part_size_mb: 5}";
  }

  /** Makes the next {@code times} uploads of part {@code partNumber} fail with a 500. */
  public void failPart(int partNumber, int times) {
    failPart.set(partNumber);
    failuresLeft.set(times);
  }

  /** Multipart parts that reached the service (failed attempts included). */
  public int partsReceived() {
    return partsReceived.get();
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }

  private final class Flaky extends ForwardingBlobStore {
    Flaky(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload mpu, int partNumber,
        Payload payload) {
      partsReceived.incrementAndGet();
      if (partNumber == failPart.get() && failuresLeft.getAndDecrement() > 0) {
        // What an overloaded service answers; S3Proxy passes the status on.
        throw new HttpResponseException("part " + partNumber + " failed on purpose", null,
            HttpResponse.builder().statusCode(503).message("Slow Down").build());
      }
      return super.uploadMultipartPart(mpu, partNumber, payload);
    }
  }
}
