package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.VendorCaller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated vendor caller of the current request (set by {@link VendorAuthFilter}). */
@RequestScoped
public class CurrentCaller {

  private VendorCaller caller;

  void set(VendorCaller caller) {
    this.caller = caller;
  }

  public VendorCaller get() {
    if (caller == null) {
      throw new IllegalStateException("no authenticated vendor caller on this request");
    }
    return caller;
  }
}
