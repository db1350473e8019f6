package dev.lifeboat.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object written as an S3 multipart upload while its bytes arrive: each full part is sent on
 * an uploader thread while the next one fills, so the writer (pg_dump's pipe) waits only when the
 * network is slower than the dump. Memory is two parts, whatever the size of the object. Nothing
 * is visible under the key until {@link #close()} completes the upload; {@link #abort()} throws
 * the parts away. An object smaller than one part is sent with a single PUT.
 *
 * <p>Retries of a failed part are the SDK's (its standard strategy resends a part after a 5xx,
 * a throttle or a broken connection); the part's body is re-read from the buffer each time.
 */
final class StreamingUpload extends OutputStream {
  /** S3's limit. */
  static final int MAX_PARTS = 10_000;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String storeName;
  private final ExecutorService uploader;
  private byte[] filling;
  private byte[] spare;
  private int filled;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private Future<CompletedPart> inFlight;
  private long total;
  private boolean closed;
  private boolean completed;

  StreamingUpload(S3Client s3, String bucket, String key, int partSize, String storeName) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.storeName = storeName;
    this.filling = new byte[partSize];
    this.uploader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lifeboat-s3-upload");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      int n = Math.min(len, filling.length - filled);
      System.arraycopy(b, off, filling, filled, n);
      filled += n;
      off += n;
      len -= n;
      total += n;
      if (filled == filling.length) {
        sendPart();
      }
    }
  }

  /** Bytes written so far. */
  long bytes() {
    return total;
  }

  private void sendPart() throws IOException {
    awaitInFlight();
    if (uploadId == null) {
      uploadId = call(() -> s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId());
    }
    int number = parts.size() + 1;
    if (number > MAX_PARTS) {
      throw new IOException("the backup is larger than " + MAX_PARTS + " parts of "
          + filling.length / (1 << 20) + " MiB; raise stores." + storeName + ".part_size");
    }
    byte[] body = filling;
    int length = filled;
    filling = spare != null ? spare : new byte[body.length];
    spare = null;
    filled = 0;
    String id = uploadId;
    inFlight = uploader.submit(() -> {
      String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number)
              .contentLength((long) length),
          RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, length),
              length, "application/octet-stream")).eTag();
      spare = body;
      return CompletedPart.builder().partNumber(number).eTag(etag).build();
    });
  }

  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      parts.add(inFlight.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading to store " + storeName, e);
    } catch (ExecutionException e) {
      throw new IOException("uploading a part to store " + storeName + " failed: "
          + e.getCause().getMessage(), e.getCause());
    } finally {
      inFlight = null;
    }
  }

  /** Sends what is left and makes the object visible under its key. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (uploadId == null) {
        int length = filled;
        byte[] body = filling;
        call(() -> s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) length),
            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body, 0, length),
                length, "application/octet-stream")));
      } else {
        if (filled > 0) {
          sendPart();
        }
        awaitInFlight();
        String id = uploadId;
        call(() -> s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id)
            .multipartUpload(u -> u.parts(parts))));
      }
      closed = true;
      completed = true;
    } finally {
      uploader.shutdownNow();
      filling = null;
      spare = null;
    }
  }

  /** Throws away what was uploaded; safe to call more than once, and after a failure. */
  void abort() {
    if (completed) {
      return;
    }
    closed = true;
    if (inFlight != null) {
      inFlight.cancel(true);
    }
    uploader.shutdownNow();
    filling = null;
    spare = null;
    if (uploadId != null) {
      String id = uploadId;
      uploadId = null;
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id));
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the upload to store " + storeName + " is closed");
    }
  }

  private interface Call<T> {
    T run();
  }

  private <T> T call(Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw new IOException("store " + storeName + ": " + e.getMessage(), e);
    }
  }
}
