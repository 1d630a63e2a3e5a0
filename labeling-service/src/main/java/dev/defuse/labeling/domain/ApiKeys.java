package dev.defuse.labeling.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Issues and checks bearer credentials. A credential is a prefix plus 32 random bytes (URL-safe Base64); only its
 * SHA-256 is stored, so a database dump reveals no usable key. Lookups go by hash and the final comparison is
 * constant-time.
 */
public final class ApiKeys {

  /** Prefix of vendor API keys. */
  public static final String VENDOR_PREFIX = "dfv_";
  /** Prefix of annotator link tokens (a vendor's link for one of its annotators). */
  public static final String ANNOTATOR_PREFIX = "dfa_";

  private static final int KEY_BYTES = 32;
  private final SecureRandom random;

  public ApiKeys(SecureRandom random) {
    this.random = random;
  }

  /** A new secret credential with the given prefix. */
  public String newKey(String prefix) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** SHA-256 of the credential's UTF-8 bytes. */
  public static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Constant-time comparison of a presented credential with a stored hash. */
  public static boolean matches(String presented, byte[] storedHash) {
    return MessageDigest.isEqual(hash(presented), storedHash);
  }

  /** A short, non-secret fingerprint of a key for listings and logs. */
  public static String fingerprint(String key) {
    return HexFormat.of().formatHex(hash(key), 0, 4);
  }
}
