package dev.lifeboat.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.config.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncryptionKeysTest {
  private static final String AD = EncryptionKeys.associatedData("shop", "shop-1", "backup.pgdump");
  private static final String K1 = key(1);
  private static final String K2 = key(2);

  @Test
  void whatIsEncryptedDecryptsToTheSameBytesAndIsNotThePlaintext() throws IOException {
    EncryptionKeys keys = keys(Optional.of("k1"), Map.of("k1", K1));
    byte[] plain = random(3 * (1 << 20) + 12345);

    byte[] stored = encrypt(keys, plain, AD);

    assertThat(stored.length).isGreaterThan(plain.length);
    assertThat(indexOf(stored, java.util.Arrays.copyOfRange(plain, 1000, 1064))).isEqualTo(-1);
    assertThat(decrypt(keys, stored, "k1", AD)).isEqualTo(plain);
    assertThat(keys.enabled()).isTrue();
    assertThat(keys.current()).contains("k1");
  }

  @Test
  void aWrongKeyUnderTheSameIdIsReportedAsADecryptionFailure() throws IOException {
    byte[] stored = encrypt(keys(Optional.of("k1"), Map.of("k1", K1)), random(50_000), AD);
    EncryptionKeys other = keys(Optional.of("k1"), Map.of("k1", K2));

    assertThatThrownBy(() -> decrypt(other, stored, "k1", AD))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessageContaining("does not decrypt with key k1");
  }

  @Test
  void aChangedByteAnywhereFailsItsSegment() throws IOException {
    EncryptionKeys keys = keys(Optional.of("k1"), Map.of("k1", K1));
    byte[] plain = random(2 * (1 << 20) + 5);
    byte[] stored = encrypt(keys, plain, AD);
    for (int at : new int[] {40, stored.length / 2, stored.length - 3}) {
      byte[] tampered = stored.clone();
      tampered[at] ^= 0x01;
      assertThatThrownBy(() -> decrypt(keys, tampered, "k1", AD)).as("byte %d", at)
          .isInstanceOf(DecryptionFailedException.class);
    }
    byte[] cut = java.util.Arrays.copyOf(stored, stored.length - 100);
    assertThatThrownBy(() -> decrypt(keys, cut, "k1", AD))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void anArtifactMovedUnderAnotherBackupsNameDoesNotDecrypt() throws IOException {
    EncryptionKeys keys = keys(Optional.of("k1"), Map.of("k1", K1));
    byte[] stored = encrypt(keys, random(10_000), AD);

    assertThatThrownBy(() -> decrypt(keys, stored, "k1",
        EncryptionKeys.associatedData("shop", "shop-2", "backup.pgdump")))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void afterRotationNewBackupsUseTheNewKeyAndOldOnesStillDecrypt() throws IOException {
    EncryptionKeys before = keys(Optional.of("k1"), Map.of("k1", K1));
    byte[] old = random(70_000);
    byte[] oldStored = encrypt(before, old, AD);

    Map<String, String> both = new LinkedHashMap<>();
    both.put("k1", K1);
    both.put("k2", K2);
    EncryptionKeys after = keys(Optional.of("k2"), both);
    byte[] fresh = random(70_000);
    byte[] freshStored = encrypt(after, fresh, AD);

    assertThat(after.current()).contains("k2");
    assertThat(decrypt(after, oldStored, "k1", AD)).isEqualTo(old);
    assertThat(decrypt(after, freshStored, "k2", AD)).isEqualTo(fresh);
    assertThatThrownBy(() -> decrypt(after, freshStored, "k1", AD))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void aKeyThatIsNotConfiguredIsNamedWithTheKnownOnes() {
    EncryptionKeys keys = keys(Optional.of("k2"), Map.of("k2", K2));

    assertThatThrownBy(() -> decrypt(keys, new byte[100], "k1", AD))
        .isInstanceOf(MissingKeyException.class)
        .hasMessageContaining("encrypted with key k1, which is not configured (known: k2)");
  }

  @Test
  void keysThatAreNotThirtyTwoBytesOfBase64AreRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> EncryptionKeys.decode(Secret.of("not base64 at all!", "env X")))
        .hasMessage("is not base64; make a key with: openssl rand -base64 32");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> EncryptionKeys.decode(Secret.of(shortKey, "env X")))
        .hasMessage("holds 16 bytes, not 32; make a key with: openssl rand -base64 32")
        .message().doesNotContain(shortKey);
  }

  @Test
  void withoutKeysNothingIsEncrypted() {
    assertThat(EncryptionKeys.none().enabled()).isFalse();
    assertThat(keys(Optional.empty(), Map.of("old", K1)).enabled()).isFalse();
  }

  private static EncryptionKeys keys(Optional<String> current, Map<String, String> raw) {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    raw.forEach((id, value) -> secrets.put(id, Secret.of(value, "test")));
    return EncryptionKeys.of(current, secrets);
  }

  private static byte[] encrypt(EncryptionKeys keys, byte[] plain, String ad) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = keys.encrypt(out, ad)) {
      // Written in odd pieces, as a pipe delivers them.
      for (int off = 0; off < plain.length; off += 70_001) {
        enc.write(plain, off, Math.min(70_001, plain.length - off));
      }
    }
    return out.toByteArray();
  }

  private static byte[] decrypt(EncryptionKeys keys, byte[] stored, String keyId, String ad)
      throws IOException {
    try (InputStream in = keys.decrypt(new ByteArrayInputStream(stored), keyId, ad)) {
      return in.readAllBytes();
    }
  }

  private static String key(int seed) {
    byte[] raw = new byte[32];
    new Random(seed).nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
