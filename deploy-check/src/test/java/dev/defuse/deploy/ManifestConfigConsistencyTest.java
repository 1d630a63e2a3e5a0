package dev.defuse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files against the services they configure. For docker-compose.yml, every k8s overlay (alone and
 * with each optional component) and every service Dockerfile: each environment variable set for a service is one of
 * its config keys (MicroProfile Config names: {@code DEFUSE_OBJECT_STORE_ENDPOINT} is
 * {@code defuse.object-store.endpoint}), and every key the service cannot start without is set. Also the ports,
 * topics and consumer groups that the files and the services must agree on.
 */
class ManifestConfigConsistencyTest {

    /** Keys that have no default in code on purpose but that every deployment must set, and why. */
    private static final Map<String, Map<String, String>> DEPLOYMENT_REQUIRED = Map.of(
            "labeling-service", Map.of("defuse.labeling.admin-token",
                    "without it the admin API refuses every request, so vendors cannot be onboarded"));

    private static Path root;
    private static Map<String, ServiceConfig> services;
    private static ComposeFile compose;
    private static Map<String, Kustomization> renders;

    @BeforeAll
    static void load() {
        root = Repository.root();
        services = new LinkedHashMap<>();
        Repository.SERVICES.forEach(s -> services.put(s, ServiceConfig.load(root, s)));
        compose = ComposeFile.read(root.resolve("docker-compose.yml"));
        renders = renders(root.resolve("k8s"));
    }

    /** Every overlay alone, and with each component added (as docs/deploy.md shows for the optional ones). */
    static Map<String, Kustomization> renders(Path k8s) {
        Map<String, Kustomization> out = new LinkedHashMap<>();
        List<Path> overlays = subdirectories(k8s.resolve("overlays"));
        List<Path> components = subdirectories(k8s.resolve("components"));
        for (Path overlay : overlays) {
            out.put("k8s/overlays/" + overlay.getFileName(), Kustomization.read(overlay, List.of()));
            for (Path component : components) {
                out.put("k8s/overlays/" + overlay.getFileName() + " + components/" + component.getFileName(),
                        Kustomization.read(overlay, List.of(component)));
            }
        }
        return out;
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyDeploymentSourceIsRead() {
        assertThat(renders.keySet()).contains("k8s/overlays/dev", "k8s/overlays/prod",
                "k8s/overlays/prod + components/keda-identify");
        for (String service : Repository.SERVICES) {
            assertThat(compose.services).as("docker-compose.yml services").containsKey(service);
            for (var render : renders.entrySet()) {
                assertThat(render.getValue().deploymentEnvironment()).as(render.getKey()).containsKey(service);
            }
        }
        // the shared keys come from common's ObjectStoreSettings: the reader must see them
        assertThat(services.get("identify-service").requiredKeys()).extracting(ConfigProperty::pattern)
                .contains("defuse.object-store.endpoint", "defuse.object-store.access-key",
                        "defuse.object-store.secret-key");
    }

    @Test
    void composeSetsOnlyConfigKeysAndEveryRequiredOne() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            Set<String> env = compose.environment(service.service);
            problems.addAll(Consistency.unknownVariables(root, service, "docker-compose.yml", env));
            problems.addAll(Consistency.missingRequired(service, "docker-compose.yml", env));
            problems.addAll(missingDeploymentRequired(service, "docker-compose.yml", env));
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void kubernetesSetsOnlyConfigKeysAndEveryRequiredOne() {
        List<String> problems = new ArrayList<>();
        for (var render : renders.entrySet()) {
            Map<String, Map<String, Set<String>>> deployments = render.getValue().deploymentEnvironment();
            for (ServiceConfig service : services.values()) {
                Map<String, Set<String>> containers = deployments.getOrDefault(service.service, Map.of());
                for (var container : containers.entrySet()) {
                    String source = render.getKey() + " Deployment " + service.service + " container "
                            + container.getKey();
                    problems.addAll(Consistency.unknownVariables(root, service, source, container.getValue()));
                }
                Set<String> env = containers.getOrDefault(service.service, Set.of());
                String source = render.getKey() + " Deployment " + service.service;
                problems.addAll(Consistency.missingRequired(service, source, env));
                problems.addAll(missingDeploymentRequired(service, source, env));
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void imagesSetOnlyConfigKeysAndFollowTheConventions() {
        List<String> problems = new ArrayList<>();
        String pytorchVersion = rootPomProperty("pytorch.version");
        for (ServiceConfig service : services.values()) {
            List<String> variants = new ArrayList<>(List.of("Dockerfile.jvm"));
            if (Repository.GPU_SERVICES.contains(service.service)) {
                variants.add("Dockerfile.jvm-gpu");
            }
            for (String variant : variants) {
                Path file = service.module.resolve("src/main/docker").resolve(variant);
                String source = root.relativize(file).toString();
                if (!Files.isRegularFile(file)) {
                    problems.add(source + " is missing");
                    continue;
                }
                Dockerfile d = Dockerfile.read(file);
                problems.addAll(Consistency.unknownVariables(root, service, source, d.env.keySet()));
                String last = d.from.get(d.from.size() - 1);
                check(problems, last.startsWith("registry.access.redhat.com/ubi9/openjdk-17-runtime:"),
                        source + ": the image must be based on ubi9/openjdk-17-runtime, not " + last);
                check(problems, !d.users.isEmpty() && d.users.get(d.users.size() - 1).equals("185"),
                        source + ": must run as the non-root user 185");
                check(problems, d.healthchecks.stream().anyMatch(h -> h.contains("/q/health/live")),
                        source + ": needs a HEALTHCHECK on /q/health/live");
                check(problems, "true".equals(d.env.get("DJL_OFFLINE"))
                        && d.env.getOrDefault("JAVA_OPTS_APPEND", "").contains("-Dai.djl.offline=true"),
                        source + ": DJL must run offline (DJL_OFFLINE=true and -Dai.djl.offline=true)");
                String port = d.env.get("QUARKUS_HTTP_PORT");
                check(problems, port != null && d.expose.equals(List.of(port)),
                        source + ": EXPOSE " + d.expose + " must be its QUARKUS_HTTP_PORT " + port);
                service.httpPort().ifPresent(p -> check(problems, String.valueOf(p).equals(port),
                        source + ": QUARKUS_HTTP_PORT " + port + " but application.properties says " + p));
                if (variant.endsWith("-gpu")) {
                    check(problems, pytorchVersion.equals(d.env.get("PYTORCH_VERSION")),
                            source + ": PYTORCH_VERSION " + d.env.get("PYTORCH_VERSION") + " is not the build's "
                                    + pytorchVersion);
                    check(problems, d.env.getOrDefault("PYTORCH_FLAVOR", "").matches("cu\\d+"),
                            source + ": PYTORCH_FLAVOR must name a CUDA flavor");
                    check(problems, d.env.containsKey("PYTORCH_LIBRARY_PATH") && d.env.containsKey("ENGINE_CACHE_DIR"),
                            source + ": needs PYTORCH_LIBRARY_PATH and ENGINE_CACHE_DIR");
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void portsAgreeAcrossImagesComposeAndKubernetes() {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : services.values()) {
            Dockerfile image = Dockerfile.read(service.module.resolve("src/main/docker/Dockerfile.jvm"));
            Integer port = Integer.valueOf(image.env.get("QUARKUS_HTTP_PORT"));
            check(problems, compose.containerPorts(service.service).equals(List.of(port)),
                    "docker-compose.yml: " + service.service + " publishes " + compose.containerPorts(service.service)
                            + ", the image listens on " + port);
            check(problems, port.equals(compose.healthcheckPort(service.service)),
                    "docker-compose.yml: " + service.service + " health check probes "
                            + compose.healthcheckPort(service.service) + ", the image listens on " + port);
            for (var render : renders.entrySet()) {
                for (Map<String, Object> d : render.getValue().ofKind("Deployment")) {
                    if (!service.service.equals(Yaml.string(d, "metadata", "name"))) {
                        continue;
                    }
                    for (Object c : Yaml.list(Yaml.at(d, "spec", "template", "spec", "containers"))) {
                        List<Object> ports = Yaml.list(Yaml.at(c, "ports")).stream()
                                .map(p -> Yaml.at(p, "containerPort")).toList();
                        check(problems, ports.equals(List.of(port)), render.getKey() + ": " + service.service
                                + " declares container ports " + ports + ", the image listens on " + port);
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyTopicTheServicesUseIsCreated() {
        Set<String> needed = new LinkedHashSet<>(Topics.ALL);
        services.values().forEach(s -> needed.addAll(s.topics()));
        List<String> problems = new ArrayList<>();
        Set<String> composeTopics = compose.initTopics();
        needed.stream().filter(t -> !composeTopics.contains(t))
                .forEach(t -> problems.add("docker-compose.yml: kafka-init does not create topic " + t));
        for (var render : renders.entrySet()) {
            Set<String> topics = new LinkedHashSet<>();
            for (Map<String, Object> t : render.getValue().ofKind("KafkaTopic")) {
                String name = Yaml.string(t, "spec", "topicName");
                topics.add(name != null ? name : Yaml.string(t, "metadata", "name"));
            }
            needed.stream().filter(t -> !topics.contains(t))
                    .forEach(t -> problems.add(render.getKey() + ": no KafkaTopic " + t));
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void autoscalersWatchTheConsumerGroupOfTheirService() {
        List<String> problems = new ArrayList<>();
        int scalers = 0;
        for (var render : renders.entrySet()) {
            for (Map<String, Object> so : render.getValue().ofKind("ScaledObject")) {
                scalers++;
                String target = Yaml.string(so, "spec", "scaleTargetRef", "name");
                ServiceConfig service = services.get(target);
                if (service == null) {
                    problems.add(render.getKey() + ": ScaledObject scales " + target + ", no Defuse service");
                    continue;
                }
                for (Object trigger : Yaml.list(Yaml.at(so, "spec", "triggers"))) {
                    if (!"kafka".equals(Yaml.string(trigger, "type"))) {
                        continue;
                    }
                    String topic = Yaml.string(trigger, "metadata", "topic");
                    String group = Yaml.string(trigger, "metadata", "consumerGroup");
                    String expected = service.consumerGroup(topic);
                    check(problems, expected.equals(group), render.getKey() + ": ScaledObject watches consumer group "
                            + group + " on " + topic + ", but " + target + " consumes it as " + expected);
                }
            }
        }
        assertThat(scalers).as("ScaledObjects read").isPositive();
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void deploymentRequiredKeysAreRealKeys() {
        DEPLOYMENT_REQUIRED.forEach((service, keys) -> keys.keySet().forEach(key ->
                assertThat(services.get(service).keyOf(EnvNames.of(key))).as(service + " reads " + key).isPresent()));
    }

    private static List<String> missingDeploymentRequired(ServiceConfig service, String source, Set<String> env) {
        List<String> problems = new ArrayList<>();
        DEPLOYMENT_REQUIRED.getOrDefault(service.service, Map.of()).forEach((key, why) -> {
            if (!env.contains(EnvNames.of(key))) {
                problems.add(source + ": " + service.service + " needs " + EnvNames.of(key) + ": " + why);
            }
        });
        return problems;
    }

    private static String rootPomProperty(String name) {
        String pom = Repository.read(root.resolve("pom.xml"));
        var m = java.util.regex.Pattern.compile("<" + java.util.regex.Pattern.quote(name) + ">([^<]+)<").matcher(pom);
        assertThat(m.find()).as("root pom property " + name).isTrue();
        return m.group(1).trim();
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
