package dev.lifeboat.encryption;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import dev.lifeboat.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys artifacts are encrypted with, by the id people gave them in lifeboat.yaml. New
 * backups use the current key; every listed key stays usable for decryption, so a key rotates by
 * adding the new one, making it current, and keeping the old one until its backups are pruned.
 *
 * <p>The cipher is Tink's streaming AEAD, AES-256-GCM with HKDF-SHA256 key derivation and 1 MB
 * segments: each segment is authenticated on its own, so a stream is decrypted with one
 * segment in memory and a changed byte fails the segment that holds it. The associated data
 * binds a ciphertext to its backup and file, so an artifact moved under another backup's name
 * does not decrypt either.
 */
public final class EncryptionKeys {
  /** The manifest's {@code encryption} for artifacts written by this class. */
  public static final String ALGORITHM = "tink-aes256-gcm-hkdf-1mb";
  public static final String NONE = "none";
  public static final int KEY_BYTES = 32;
  private static final int SEGMENT_BYTES = 1 << 20;

  private final Optional<String> current;
  private final Map<String, StreamingAead> keys;
  /** What the keys were made from: two configurations with the same keys are equal. */
  private final Map<String, Secret> material;

  private EncryptionKeys(Optional<String> current, Map<String, StreamingAead> keys,
      Map<String, Secret> material) {
    this.current = current;
    this.keys = Map.copyOf(keys);
    this.material = Map.copyOf(material);
  }

  /** No keys: artifacts are stored as pg_dump wrote them. */
  public static EncryptionKeys none() {
    return new EncryptionKeys(Optional.empty(), Map.of(), Map.of());
  }

  /**
   * @param current the key new backups use; empty keeps old keys for reading only
   * @param keys base64 of 32 random bytes each ({@code openssl rand -base64 32}), by key id
   * @throws IllegalArgumentException when a key is not that, or current is not among them
   */
  public static EncryptionKeys of(Optional<String> current, Map<String, Secret> keys) {
    Map<String, StreamingAead> primitives = new LinkedHashMap<>();
    keys.forEach((id, secret) -> primitives.put(id, primitive(decode(secret))));
    current.ifPresent(id -> {
      if (!primitives.containsKey(id)) {
        throw new IllegalArgumentException("the current key " + id + " is not among the keys");
      }
    });
    return new EncryptionKeys(current, primitives, keys);
  }

  /**
   * The raw key in {@code secret}, checked; the message never shows the value.
   *
   * @throws IllegalArgumentException saying what is wrong and how to make a key
   */
  public static byte[] decode(Secret secret) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(secret.reveal().strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64; make a key with: openssl rand -base64 32");
    }
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("holds " + raw.length + " bytes, not " + KEY_BYTES
          + "; make a key with: openssl rand -base64 32");
    }
    return raw;
  }

  private static StreamingAead primitive(byte[] raw) {
    try {
      AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
          .setKeySizeBytes(KEY_BYTES)
          .setDerivedAesGcmKeySizeBytes(KEY_BYTES)
          .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
          .setCiphertextSegmentSizeBytes(SEGMENT_BYTES)
          .build();
      return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(parameters,
          SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM-HKDF parameters are fixed and valid", e);
    }
  }

  /** Whether new backups are encrypted. */
  public boolean enabled() {
    return current.isPresent();
  }

  /** The id of the key new backups use. */
  public Optional<String> current() {
    return current;
  }

  public Set<String> ids() {
    return keys.keySet();
  }

  public boolean has(String keyId) {
    return keys.containsKey(keyId);
  }

  /**
   * Encrypts what is written to the returned stream into {@code out} with the current key;
   * closing it writes the last segment and closes {@code out}.
   */
  public OutputStream encrypt(OutputStream out, String associatedData) throws IOException {
    String id = current.orElseThrow(() -> new IllegalStateException("no current key"));
    try {
      return keys.get(id).newEncryptingStream(out, bytes(associatedData));
    } catch (GeneralSecurityException e) {
      throw new IOException("the encryption could not start: " + e.getMessage(), e);
    }
  }

  /**
   * The plaintext of {@code in}. A read that meets a segment which does not authenticate (wrong
   * key, changed byte, cut-off end) throws {@link DecryptionFailedException}; a failure of
   * {@code in} itself comes through as it is.
   *
   * @throws MissingKeyException when {@code keyId} is not configured
   */
  public InputStream decrypt(InputStream in, String keyId, String associatedData)
      throws IOException {
    StreamingAead aead = keys.get(keyId);
    if (aead == null) {
      throw new MissingKeyException(keyId, keys.keySet());
    }
    SourceStream source = new SourceStream(in);
    try {
      return new AuthenticatedStream(aead.newDecryptingStream(source, bytes(associatedData)),
          source, keyId);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException(keyId, e);
    }
  }

  private static byte[] bytes(String associatedData) {
    return associatedData.getBytes(StandardCharsets.UTF_8);
  }

  /** What an encrypted file of a backup is bound to: its target, backup id and file name. */
  public static String associatedData(String target, String backupId, String file) {
    return "lifeboat:" + target + "/" + backupId + "/" + file;
  }

  @Override
  public String toString() {
    return "EncryptionKeys" + keys.keySet() + current.map(c -> " current " + c).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKeys k && k.current.equals(current)
        && k.material.equals(material);
  }

  @Override
  public int hashCode() {
    return current.hashCode() * 31 + material.hashCode();
  }
}
