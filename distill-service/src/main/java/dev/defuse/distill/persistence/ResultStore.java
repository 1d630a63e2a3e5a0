package dev.defuse.distill.persistence;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.StoredObject;
import dev.defuse.distill.domain.RegionRecord;
import dev.defuse.distill.domain.SampleSet;
import dev.defuse.distill.domain.StoredFit;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A job's fit and regions in the object store. */
@ApplicationScoped
public class ResultStore {

  private final ObjectStore store;

  public ResultStore(ObjectStore store) {
    this.store = store;
  }

  public void saveFit(StoredFit fit) {
    store.putJson(DistillKeys.fit(fit.jobId()), fit);
  }

  public Optional<StoredFit> findFit(String jobId) {
    return find(DistillKeys.fit(jobId), StoredFit.class);
  }

  public void saveRegion(RegionRecord region) {
    store.putJson(DistillKeys.region(region.jobId(), region.regionId()), region);
  }

  /** Stores one sample set of a region: images (the key {@code RegionFound} carries), latent codes, predictions. */
  public RegionRecord.StoredSamples saveSamples(String jobId, int regionId, SampleSet set, FloatTensor images,
      FloatTensor latents, FloatTensor predictions) {
    TensorRef imagesRef = store.putTensor(DistillKeys.images(jobId, regionId, set), images).ref();
    TensorRef latentsRef = store.putTensor(DistillKeys.latents(jobId, regionId, set), latents).ref();
    TensorRef predictionsRef = store.putTensor(DistillKeys.predictions(jobId, regionId, set), predictions).ref();
    return new RegionRecord.StoredSamples(images.rows(), imagesRef, latentsRef, predictionsRef);
  }

  public Optional<RegionRecord> findRegion(String jobId, int regionId) {
    return find(DistillKeys.region(jobId, regionId), RegionRecord.class);
  }

  /** Ids of the regions whose record is stored (from a listing, without reading them). */
  public Set<Integer> storedRegionIds(String jobId) {
    String prefix = DistillKeys.regionsPrefix(jobId);
    Set<Integer> ids = new TreeSet<>();
    for (String key : store.list(prefix)) {
      String name = key.substring(prefix.length());
      if (name.startsWith("region-") && name.endsWith(".json")) {
        ids.add(Integer.parseInt(name.substring("region-".length(), name.length() - ".json".length())));
      }
    }
    return ids;
  }

  /**
   * Whether every tensor a stored region names is in the store with the checksum the region recorded (a region
   * record is written after its tensors, but an operator may have deleted objects since).
   */
  public boolean isComplete(RegionRecord region) {
    for (RegionRecord.StoredSamples samples : region.sets().values()) {
      for (TensorRef ref : new TensorRef[] {samples.images(), samples.latents(), samples.predictions()}) {
        if (!matches(ref)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean matches(TensorRef ref) {
    try {
      StoredObject stored = store.stat(ref.key());
      return stored.sha256().equals(ref.sha256());
    } catch (ObjectNotFoundException e) {
      return false;
    }
  }

  private <T> Optional<T> find(String key, Class<T> type) {
    try {
      return Optional.of(store.getJson(key, type));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }
}
