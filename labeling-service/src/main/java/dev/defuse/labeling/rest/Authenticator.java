package dev.defuse.labeling.rest;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.domain.ApiKeys;
import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.VendorCaller;
import dev.defuse.labeling.domain.VendorService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks bearer credentials. (A normal-scoped bean: the JAX-RS filters that use it are created at static init,
 * before runtime configuration exists, and reach it through its client proxy.)
 */
@ApplicationScoped
public class Authenticator {

  private final VendorService vendors;
  private final LabelingConfig config;

  public Authenticator(VendorService vendors, LabelingConfig config) {
    this.vendors = vendors;
    this.config = config;
  }

  /** The vendor caller behind a credential: 401 unknown/revoked, 403 for the admin credential. */
  public VendorCaller vendor(String credential) {
    if (isAdmin(credential)) {
      throw ApiProblem.forbidden("the admin credential is not a vendor key; use a vendor's API key");
    }
    return vendors.authenticate(credential);
  }

  /** Accepts only the admin credential: 401 when missing/wrong or not configured, 403 for vendor credentials. */
  public void admin(String credential) {
    if (config.adminToken().isEmpty() || config.adminToken().get().isBlank()) {
      throw ApiProblem.unauthenticated("the admin API is disabled: no defuse.labeling.admin-token is configured");
    }
    if (isAdmin(credential)) {
      return;
    }
    if (credential.startsWith(ApiKeys.VENDOR_PREFIX) || credential.startsWith(ApiKeys.ANNOTATOR_PREFIX)) {
      throw ApiProblem.forbidden("vendor credentials cannot use the admin API");
    }
    throw ApiProblem.unauthenticated("wrong admin credential");
  }

  private boolean isAdmin(String credential) {
    return config.adminToken().filter(t -> !t.isBlank()).map(t -> ApiKeys.sameSecret(credential, t)).orElse(false);
  }
}
