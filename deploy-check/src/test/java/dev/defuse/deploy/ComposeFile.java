package dev.defuse.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml, read as Compose does: anchors and merge keys resolved. */
final class ComposeFile {

    final Map<String, Object> services;

    private ComposeFile(Map<String, Object> services) {
        this.services = services;
    }

    static ComposeFile read(Path file) {
        return new ComposeFile(Yaml.map(Yaml.at(Yaml.loadAll(file).get(0), "services")));
    }

    /** The environment variable names a service sets (map or list form). */
    Set<String> environment(String service) {
        Object env = Yaml.at(services.get(service), "environment");
        Map<String, Object> names = new LinkedHashMap<>(Yaml.map(env));
        for (Object entry : Yaml.list(env)) {
            names.put(entry.toString().split("=", 2)[0], null);
        }
        return names.keySet();
    }

    /** Container ports a service publishes ("host:container" or a long-form target). */
    List<Integer> containerPorts(String service) {
        return Yaml.list(Yaml.at(services.get(service), "ports")).stream()
                .map(p -> p instanceof Map<?, ?> m ? m.get("target").toString() : p.toString().replaceAll(".*:", ""))
                .map(p -> Integer.valueOf(p.replaceAll("/.*", "")))
                .toList();
    }

    /** The port the health check probes, from its {@code /dev/tcp/127.0.0.1/<port>}, or null. */
    Integer healthcheckPort(String service) {
        String test = String.valueOf(Yaml.at(services.get(service), "healthcheck", "test"));
        Matcher m = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+)").matcher(test);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The topics the kafka-init container creates (its TOPICS list of name:partitions). */
    Set<String> initTopics() {
        String topics = String.valueOf(Yaml.at(services.get("kafka-init"), "environment", "TOPICS"));
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String spec : topics.trim().split("\\s+")) {
            names.add(spec.replaceAll(":.*", ""));
        }
        return names;
    }
}
