package dev.defuse.labeling.domain;

/**
 * Who calls the vendor API: a vendor (API key, may act for any of its annotators) or one annotator of a vendor
 * (annotator link token, bound to that annotator).
 *
 * @param boundAnnotatorId the annotator an annotator token is bound to; null for a vendor key
 */
public record VendorCaller(long vendorId, String vendorName, String boundAnnotatorId) {

  /** Longest accepted annotator id. */
  public static final int MAX_ANNOTATOR_ID_LENGTH = 200;

  public boolean isAnnotatorToken() {
    return boundAnnotatorId != null;
  }

  /**
   * The annotator a request acts for: the requested one, which an annotator token must match (403 otherwise); an
   * annotator token may leave it out.
   */
  public String actingAnnotator(String requested) {
    if (requested == null || requested.isBlank()) {
      if (boundAnnotatorId != null) {
        return boundAnnotatorId;
      }
      throw ApiProblem.malformed("annotatorId is required");
    }
    if (requested.length() > MAX_ANNOTATOR_ID_LENGTH) {
      throw ApiProblem.malformed("annotatorId is longer than " + MAX_ANNOTATOR_ID_LENGTH + " characters");
    }
    if (boundAnnotatorId != null && !boundAnnotatorId.equals(requested)) {
      throw ApiProblem.forbidden("this annotator link acts only for annotator '" + boundAnnotatorId + "'");
    }
    return requested;
  }
}
