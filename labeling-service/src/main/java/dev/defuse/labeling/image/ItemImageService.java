package dev.defuse.labeling.image;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.VendorCaller;
import dev.defuse.labeling.persistence.Assignment;
import dev.defuse.labeling.persistence.Item;
import dev.defuse.labeling.persistence.Region;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves an item's image: row {@code reviewRow} of its region's review tensor, read from the object store (recently
 * used tensors are kept in memory) and rendered as PNG. A vendor sees only items assigned to it; an annotator link
 * only items assigned to its annotator.
 */
@ApplicationScoped
public class ItemImageService {

  private final ObjectStore store;
  private final LabelingConfig config;
  private final Map<String, FloatTensor> cache;

  public ItemImageService(ObjectStore store, LabelingConfig config) {
    this.store = store;
    this.config = config;
    int capacity = config.tensorCacheSize();
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, FloatTensor> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The item's image as PNG, each pixel a {@code scale × scale} block. */
  public byte[] png(VendorCaller caller, long itemId, int scale) {
    if (scale < 1 || scale > config.maxImageScale()) {
      throw ApiProblem.malformed("scale must be between 1 and " + config.maxImageScale() + ", got " + scale);
    }
    ImageSource source = locate(caller, itemId);
    FloatTensor tensor = tensor(source.review());
    return ReviewImageRenderer.png(tensor.shape(), tensor.data(), source.row(), scale);
  }

  private record ImageSource(TensorRef review, int row) {}

  /** Reads only (no transaction needed; runs in the request's read-only session). */
  private ImageSource locate(VendorCaller caller, long itemId) {
    Item item = Item.findById(itemId);
    boolean visible = item != null && (caller.isAnnotatorToken()
        ? Assignment.findByAnnotator(itemId, caller.vendorId(), caller.boundAnnotatorId()).isPresent()
        : Assignment.existsForVendor(itemId, caller.vendorId()));
    if (!visible) {
      throw ApiProblem.notFound("no item " + itemId + " assigned to "
          + (caller.isAnnotatorToken() ? "annotator '" + caller.boundAnnotatorId() + "'" : "this vendor"));
    }
    Region region = Region.findById(item.regionPk);
    return new ImageSource(new TensorRef(region.reviewKey, region.reviewSha256), item.reviewRow);
  }

  private FloatTensor tensor(TensorRef ref) {
    String key = ref.key();
    synchronized (cache) {
      FloatTensor cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    FloatTensor loaded = store.getTensor(ref);
    synchronized (cache) {
      cache.put(key, loaded);
    }
    return loaded;
  }
}
