package dev.defuse.identify.it;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** Which partition the Kafka producer's default partitioner picks for a String key. */
final class Partitions {

    private Partitions() {
    }

    static int of(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
