package dev.defuse.correction.domain;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.util.Require;

/**
 * Labelled images in the object store: {@code images} is a tensor {@code [count, C, H, W]}, {@code labels} a tensor
 * {@code [count, 2]} holding each image's class id and the id of the region it belongs to.
 *
 * @param fingerprint SHA-256 fingerprint of the images with their labels ({@code LabeledImages.fingerprint()})
 */
public record StoredImageSet(TensorRef images, TensorRef labels, int count, String fingerprint) {

    public StoredImageSet {
        Require.nonNull(images, "images");
        Require.nonNull(labels, "labels");
        Require.positive(count, "count");
        Require.sha256Hex(fingerprint, "fingerprint");
    }
}
