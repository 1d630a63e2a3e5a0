package dev.defuse.labeling.domain;

import dev.defuse.labeling.persistence.AnnotatorLink;
import dev.defuse.labeling.persistence.Assignment;
import dev.defuse.labeling.persistence.Vendor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Vendors, their API keys and annotator links; authentication of vendor API callers. */
@ApplicationScoped
public class VendorService {

  /** Longest accepted vendor name. */
  public static final int MAX_NAME_LENGTH = 100;

  private final Clock clock;
  private final CredentialCache cache;
  private final ApiKeys keys = new ApiKeys(new SecureRandom());

  public VendorService(Clock clock, CredentialCache cache) {
    this.clock = clock;
    this.cache = cache;
  }

  /** A new vendor and its API key (shown to the admin once; only its hash is stored). */
  public record CreatedVendor(Vendor vendor, String apiKey) {}

  /** A new annotator link token for one annotator of a vendor. */
  public record CreatedLink(String annotatorId, String token) {}

  @Transactional
  public CreatedVendor create(String name) {
    if (name == null || name.isBlank()) {
      throw ApiProblem.malformed("name is required");
    }
    String trimmed = name.strip();
    if (trimmed.length() > MAX_NAME_LENGTH) {
      throw ApiProblem.malformed("name is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (Vendor.findByName(trimmed).isPresent()) {
      throw ApiProblem.conflict("a vendor named '" + trimmed + "' exists already");
    }
    String key = keys.newKey(ApiKeys.VENDOR_PREFIX);
    Vendor v = new Vendor();
    v.name = trimmed;
    v.keyHash = ApiKeys.hash(key);
    v.keyFingerprint = ApiKeys.fingerprint(key);
    v.createdAt = clock.instant();
    v.persist();
    return new CreatedVendor(v, key);
  }

  @Transactional
  public List<Vendor> list() {
    return Vendor.listInOrder();
  }

  /** Revokes a vendor's key (idempotent) and ends its live leases so their items go to others at once. */
  @Transactional
  public Vendor revoke(long id) {
    Vendor v = Vendor.<Vendor>findByIdOptional(id)
        .orElseThrow(() -> ApiProblem.notFound("no vendor with id " + id));
    if (v.revokedAt == null) {
      Instant now = clock.instant();
      v.revokedAt = now;
      Assignment.expireAllOf(id, now);
    }
    cache.forgetVendor(id);
    return v;
  }

  /** Creates a link token that acts for the caller's vendor as {@code annotatorId} only. */
  @Transactional
  public CreatedLink createLink(VendorCaller caller, String annotatorId) {
    if (caller.isAnnotatorToken()) {
      throw ApiProblem.forbidden("annotator links are created with the vendor's API key");
    }
    String annotator = caller.actingAnnotator(annotatorId);
    String token = keys.newKey(ApiKeys.ANNOTATOR_PREFIX);
    AnnotatorLink link = new AnnotatorLink();
    link.vendor = Vendor.findById(caller.vendorId());
    link.annotatorId = annotator;
    link.tokenHash = ApiKeys.hash(token);
    link.createdAt = clock.instant();
    link.persist();
    return new CreatedLink(annotator, token);
  }

  /**
   * The caller behind a bearer credential.
   *
   * @param hash the credential's {@link ApiKeys#hash}
   *
   * @throws ApiProblem 401 when the credential is unknown or its vendor is revoked
   */
  public VendorCaller authenticate(String credential, byte[] hash) {
    Optional<VendorCaller> cached = cache.get(hash);
    if (cached.isPresent()) {
      return cached.get();
    }
    VendorCaller caller = lookUp(credential, hash);
    cache.put(hash, caller);
    return caller;
  }

  /** Reads only (no transaction needed; runs in the request's read-only session). */
  private VendorCaller lookUp(String credential, byte[] hash) {
    if (credential.startsWith(ApiKeys.ANNOTATOR_PREFIX)) {
      Optional<AnnotatorLink> link = AnnotatorLink.findByTokenHash(hash);
      if (link.isEmpty() || !ApiKeys.matches(credential, link.get().tokenHash)) {
        throw ApiProblem.unauthenticated("unknown annotator link token");
      }
      Vendor v = link.get().vendor;
      requireActive(v);
      return new VendorCaller(v.id, v.name, link.get().annotatorId);
    }
    Optional<Vendor> vendor = Vendor.findByKeyHash(hash);
    if (vendor.isEmpty() || !ApiKeys.matches(credential, vendor.get().keyHash)) {
      throw ApiProblem.unauthenticated("unknown API key");
    }
    requireActive(vendor.get());
    return new VendorCaller(vendor.get().id, vendor.get().name, null);
  }

  private static void requireActive(Vendor v) {
    if (!v.isActive()) {
      throw ApiProblem.unauthenticated("the API key of vendor '" + v.name + "' was revoked");
    }
  }
}
