package dev.defuse.labeling.rest;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.domain.ApiKeys;
import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.VendorCaller;
import dev.defuse.labeling.domain.VendorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;

/**
 * Checks bearer credentials. (A normal-scoped bean: the JAX-RS filters that use it are created at static init,
 * before runtime configuration exists, and reach it through its client proxy.)
 */
@ApplicationScoped
public class Authenticator {

  private final VendorService vendors;
  /** SHA-256 of the admin token, computed once; null when no admin token is configured. */
  private final byte[] adminHash;

  public Authenticator(VendorService vendors, LabelingConfig config) {
    this.vendors = vendors;
    this.adminHash = config.adminToken().filter(t -> !t.isBlank()).map(ApiKeys::hash).orElse(null);
  }

  /** The vendor caller behind a credential: 401 unknown/revoked, 403 for the admin credential. */
  public VendorCaller vendor(String credential) {
    byte[] hash = ApiKeys.hash(credential); // once per request: the admin check and the vendor lookup share it
    if (isAdmin(hash)) {
      throw ApiProblem.forbidden("the admin credential is not a vendor key; use a vendor's API key");
    }
    return vendors.authenticate(credential, hash);
  }

  /** Accepts only the admin credential: 401 when missing/wrong or not configured, 403 for vendor credentials. */
  public void admin(String credential) {
    if (adminHash == null) {
      throw ApiProblem.unauthenticated("the admin API is disabled: no defuse.labeling.admin-token is configured");
    }
    if (isAdmin(ApiKeys.hash(credential))) {
      return;
    }
    if (credential.startsWith(ApiKeys.VENDOR_PREFIX) || credential.startsWith(ApiKeys.ANNOTATOR_PREFIX)) {
      throw ApiProblem.forbidden("vendor credentials cannot use the admin API");
    }
    throw ApiProblem.unauthenticated("wrong admin credential");
  }

  /** Constant-time comparison of hashes, so the response time tells nothing about the admin token. */
  private boolean isAdmin(byte[] credentialHash) {
    return adminHash != null && MessageDigest.isEqual(credentialHash, adminHash);
  }
}
