package dev.defuse.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.jandex.Index;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What one service reads from its configuration: the keys of its {@code @ConfigMapping} interfaces (its own and those
 * of the project modules it depends on), the keys and {@code ${...}} references of its application.properties, and
 * the framework keys of the Quarkus extensions in its pom.
 */
final class ServiceConfig {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(:[^}]*)?}");
    private static final String GROUP_ID = "dev.defuse";

    final String service;
    final Path module;
    final List<ConfigProperty> mappings;
    /** application.properties by profile ("" for none), with the profile prefix removed from the keys. */
    final Map<String, Map<String, String>> properties;
    final Set<String> artifacts;

    private ServiceConfig(String service, Path module, List<ConfigProperty> mappings,
            Map<String, Map<String, String>> properties, Set<String> artifacts) {
        this.service = service;
        this.module = module;
        this.mappings = mappings;
        this.properties = properties;
        this.artifacts = artifacts;
    }

    /** Reads the compiled classes, application.properties and pom of {@code root/service}. */
    static ServiceConfig load(Path root, String service) {
        Path module = root.resolve(service);
        Set<String> artifacts = dependencies(module.resolve("pom.xml"));
        requireCompiled(module);
        List<Path> classDirs = new ArrayList<>();
        classDirs.add(module.resolve("target/classes"));
        // the project modules it depends on, transitively (their mappings are part of the application too)
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(artifacts);
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String artifact = pending.pop();
            if (artifact.startsWith(GROUP_ID + ":") && seen.add(artifact)) {
                Path dependency = root.resolve(artifact.substring(GROUP_ID.length() + 1));
                requireCompiled(dependency);
                classDirs.add(dependency.resolve("target/classes"));
                pending.addAll(dependencies(dependency.resolve("pom.xml")));
            }
        }
        Index all = ConfigMappings.index(classDirs);
        List<ConfigProperty> mappings = ConfigMappings.read(all, all);
        return new ServiceConfig(service, module, mappings,
                properties(module.resolve("src/main/resources/application.properties")), artifacts);
    }

    /** Fails when a module has sources but no compiled classes: the check would silently see no mappings. */
    private static void requireCompiled(Path module) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            boolean hasSources = files.anyMatch(f -> f.toString().endsWith(".java"));
            if (hasSources && !Files.isDirectory(module.resolve("target/classes"))) {
                throw new IllegalStateException(module.getFileName() + " is not compiled: run the build from the "
                        + "repository root (./mvnw verify, or -pl deploy-check -am)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** groupId:artifactId of the non-test dependencies declared in a pom. */
    static Set<String> dependencies(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            Set<String> out = new LinkedHashSet<>();
            NodeList children = project.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element e && e.getTagName().equals("dependencies")) {
                    NodeList deps = e.getElementsByTagName("dependency");
                    for (int j = 0; j < deps.getLength(); j++) {
                        Element dep = (Element) deps.item(j);
                        if (!"test".equals(text(dep, "scope"))) {
                            out.add(text(dep, "groupId") + ":" + text(dep, "artifactId"));
                        }
                    }
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    static Map<String, Map<String, String>> properties(Path file) {
        Map<String, Map<String, String>> byProfile = new LinkedHashMap<>();
        byProfile.put("", new LinkedHashMap<>());
        if (!Files.isRegularFile(file)) {
            return byProfile;
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(Repository.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : props.stringPropertyNames()) {
            String profile = "";
            String name = key;
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                profile = key.substring(1, dot);
                name = key.substring(dot + 1);
            }
            for (String p : profile.split(",")) {
                byProfile.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(name, props.getProperty(key));
            }
        }
        return byProfile;
    }

    /** Properties in force in a container: no profile, then {@code %prod}. */
    Map<String, String> prodProperties() {
        Map<String, String> merged = new LinkedHashMap<>(properties.get(""));
        merged.putAll(properties.getOrDefault("prod", Map.of()));
        return merged;
    }

    /** Every key the service reads: mappings, properties (any profile), their {@code ${...}} references, frameworks. */
    List<ConfigProperty> knownKeys() {
        List<ConfigProperty> keys = new ArrayList<>(mappings);
        properties.forEach((profile, props) -> props.forEach((key, value) -> {
            keys.add(new ConfigProperty(key, false, "application.properties"));
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                keys.add(new ConfigProperty(m.group(1), false, "application.properties ${" + m.group(1) + "}"));
            }
        }));
        for (FrameworkKeys key : FrameworkKeys.values()) {
            if (key.readBy(this)) {
                keys.add(new ConfigProperty(key.key, false, key.extensionDescription()));
            }
        }
        return keys;
    }

    /**
     * Keys a deployment must set: mapping keys without default (unless application.properties sets them for prod),
     * {@code ${NAME}} references without default in prod properties, and the framework keys the service needs.
     */
    List<ConfigProperty> requiredKeys() {
        Map<String, String> prod = prodProperties();
        List<ConfigProperty> required = new ArrayList<>();
        for (ConfigProperty p : mappings) {
            if (p.required() && p.fixed() && !prod.containsKey(p.pattern())) {
                required.add(p);
            }
        }
        // ${NAME} without a default needs NAME from somewhere: the properties, a mapping default, or the deployment
        prod.forEach((key, value) -> {
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                String name = m.group(1);
                boolean provided = prod.containsKey(name)
                        || mappings.stream().anyMatch(p -> p.pattern().equals(name) && !p.required());
                if (m.group(2) == null && !provided) {
                    required.add(new ConfigProperty(name, true, "application.properties " + key));
                }
            }
        });
        for (FrameworkKeys key : FrameworkKeys.values()) {
            if (key.requiredBy(this) && !prod.containsKey(key.key)) {
                required.add(new ConfigProperty(key.key, true, key.requirementDescription()));
            }
        }
        return required;
    }

    /** Whether the environment variable sets a config key of this service; the key's origin if so. */
    Optional<ConfigProperty> keyOf(String env) {
        return knownKeys().stream().filter(k -> EnvNames.matches(env, k.pattern())).findFirst();
    }

    /** The HTTP port from application.properties (prod), if set. */
    Optional<Integer> httpPort() {
        return Optional.ofNullable(prodProperties().get("quarkus.http.port")).map(Integer::valueOf);
    }

    /** Kafka topics the service's channels use (topic, or the channel name), including dead-letter topics. */
    Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        Map<String, String> prod = prodProperties();
        Pattern connector = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");
        prod.forEach((key, value) -> {
            Matcher m = connector.matcher(key);
            if (m.matches() && value.equals("smallrye-kafka")) {
                String channel = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
                topics.add(prod.getOrDefault(channel + "topic", m.group(2)));
                if ("dead-letter-queue".equals(prod.get(channel + "failure-strategy"))) {
                    topics.add(prod.getOrDefault(channel + "dead-letter-queue.topic", "dead-letter-topic-" + m.group(2)));
                }
            }
        });
        return topics;
    }

    /**
     * The consumer group with which the service reads {@code topic}: the channel's {@code group.id}, else
     * {@code kafka.group.id}, else the application name (Quarkus' default), else the module name.
     */
    String consumerGroup(String topic) {
        Map<String, String> prod = prodProperties();
        Pattern incoming = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");
        for (String key : prod.keySet()) {
            Matcher m = incoming.matcher(key);
            if (m.matches()) {
                String channel = "mp.messaging.incoming." + m.group(1) + ".";
                if (topic.equals(prod.getOrDefault(channel + "topic", m.group(1)))
                        && prod.containsKey(channel + "group.id")) {
                    return prod.get(channel + "group.id");
                }
            }
        }
        return Optional.ofNullable(prod.get("kafka.group.id"))
                .or(() -> Optional.ofNullable(prod.get("quarkus.application.name")))
                .orElse(service);
    }
}
