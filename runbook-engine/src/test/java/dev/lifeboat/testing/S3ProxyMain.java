package dev.lifeboat.testing;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * S3Proxy over a directory, on a loopback port, in a process of its own: the S3 service of
 * bench/offsite.sh. Prints the port, then serves until killed.
 * Usage: S3ProxyMain DIRECTORY BUCKET
 */
public final class S3ProxyMain {
  private S3ProxyMain() {}

  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", args[0]);
    BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
        .credentials("identity", "credential").overrides(properties)
        .build(BlobStoreContext.class);
    context.getBlobStore().createContainerInLocation(null, args[1]);
    S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, TestS3.ACCESS_KEY, TestS3.SECRET_KEY)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(20);
    }
    System.out.println(proxy.getPort());
    System.out.flush();
    Thread.currentThread().join();
  }
}
