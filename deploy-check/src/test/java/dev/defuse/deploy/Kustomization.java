package dev.defuse.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment of the containers of a kustomize overlay, read without kustomize: resources, components,
 * ConfigMap/Secret generators and the patches that can change a container's {@code env}/{@code envFrom}.
 *
 * <p>Only what decides environment variable names is modelled: strategic-merge patches of Deployments merge
 * {@code env} by name and append {@code envFrom}; a JSON 6902 patch or a {@code $patch} directive that touches
 * {@code env} is refused (write it as a strategic-merge patch), so a construct this reader does not understand fails
 * the check instead of passing it. CI also renders every overlay with the real kustomize (k8s/validate).
 * Secret env files that are not committed are read from their committed {@code .example}.
 */
final class Kustomization {

    /** Everything the overlay renders, as YAML maps (generators excluded). */
    final List<Map<String, Object>> documents = new ArrayList<>();
    /** Keys of the generated and declared ConfigMaps / Secrets, by kind and name. */
    final Map<String, Set<String>> dataKeys = new LinkedHashMap<>();

    private Kustomization() {
    }

    /** Reads an overlay, with extra components added to it as docs/deploy.md describes. */
    static Kustomization read(Path overlay, List<Path> extraComponents) {
        Kustomization k = new Kustomization();
        k.process(overlay, extraComponents);
        return k;
    }

    /** Environment variable names of each container of each Deployment: name -> container -> variables. */
    Map<String, Map<String, Set<String>>> deploymentEnvironment() {
        Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();
        for (Map<String, Object> doc : documents) {
            if (!"Deployment".equals(doc.get("kind"))) {
                continue;
            }
            Map<String, Set<String>> containers = new LinkedHashMap<>();
            for (Object c : containers(doc)) {
                Set<String> names = new LinkedHashSet<>();
                for (Object env : Yaml.list(Yaml.at(c, "env"))) {
                    names.add(Yaml.string(env, "name"));
                }
                for (Object from : Yaml.list(Yaml.at(c, "envFrom"))) {
                    String kind = Yaml.at(from, "configMapRef") != null ? "ConfigMap" : "Secret";
                    String ref = Yaml.string(from, kind.equals("ConfigMap") ? "configMapRef" : "secretRef", "name");
                    Set<String> keys = dataKeys.get(kind + "/" + ref);
                    if (keys == null) {
                        throw new IllegalStateException(Yaml.string(doc, "metadata", "name") + ": envFrom " + kind
                                + " " + ref + " is neither generated nor declared");
                    }
                    String prefix = Yaml.string(from, "prefix") == null ? "" : Yaml.string(from, "prefix");
                    keys.forEach(key -> names.add(prefix + key));
                }
                containers.put(Yaml.string(c, "name"), names);
            }
            out.put(Yaml.string(doc, "metadata", "name"), containers);
        }
        return out;
    }

    /** Documents of a kind. */
    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static List<Object> containers(Object deployment) {
        return Yaml.list(Yaml.at(deployment, "spec", "template", "spec", "containers"));
    }

    private void process(Path dir, List<Path> extraComponents) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no kustomization.yaml in " + dir);
        }
        Map<String, Object> k = Yaml.map(Yaml.loadAll(file).get(0));
        for (Object resource : Yaml.list(k.get("resources"))) {
            Path path = dir.resolve(resource.toString()).normalize();
            if (Files.isDirectory(path)) {
                process(path, List.of());
            } else {
                for (Object doc : Yaml.loadAll(path)) {
                    Map<String, Object> map = Yaml.map(doc);
                    documents.add(map);
                    String kind = String.valueOf(map.get("kind"));
                    if (kind.equals("ConfigMap") || kind.equals("Secret")) {
                        Set<String> keys = new LinkedHashSet<>(Yaml.map(map.get("data")).keySet());
                        keys.addAll(Yaml.map(map.get("stringData")).keySet());
                        dataKeys.put(kind + "/" + Yaml.string(map, "metadata", "name"), keys);
                    }
                }
            }
        }
        List<Path> components = new ArrayList<>();
        Yaml.list(k.get("components")).forEach(c -> components.add(dir.resolve(c.toString()).normalize()));
        components.addAll(extraComponents);
        for (Path component : components) {
            process(component, List.of());
        }
        generators(dir, "ConfigMap", k.get("configMapGenerator"));
        generators(dir, "Secret", k.get("secretGenerator"));
        for (Object patch : Yaml.list(k.get("patchesStrategicMerge"))) {
            patch(dir, Map.of("path", patch));
        }
        for (Object patch : Yaml.list(k.get("patches"))) {
            patch(dir, Yaml.map(patch));
        }
        for (Object patch : Yaml.list(k.get("patchesJson6902"))) {
            patch(dir, Yaml.map(patch));
        }
    }

    private void generators(Path dir, String kind, Object generators) {
        for (Object generator : Yaml.list(generators)) {
            String name = Yaml.string(generator, "name");
            Set<String> keys = new LinkedHashSet<>();
            List<Object> envFiles = new ArrayList<>(Yaml.list(Yaml.at(generator, "envs")));
            if (Yaml.at(generator, "env") != null) {
                envFiles.add(Yaml.at(generator, "env"));
            }
            for (Object env : envFiles) {
                keys.addAll(envFileKeys(dir.resolve(env.toString())));
            }
            for (Object literal : Yaml.list(Yaml.at(generator, "literals"))) {
                keys.add(literal.toString().split("=", 2)[0]);
            }
            for (Object f : Yaml.list(Yaml.at(generator, "files"))) {
                String spec = f.toString();
                keys.add(spec.contains("=") ? spec.split("=", 2)[0] : Path.of(spec).getFileName().toString());
            }
            String id = kind + "/" + name;
            String behavior = Yaml.string(generator, "behavior");
            if ("merge".equals(behavior)) {
                dataKeys.computeIfAbsent(id, x -> new LinkedHashSet<>()).addAll(keys);
            } else {
                dataKeys.put(id, keys);
            }
        }
    }

    /** Keys of a KEY=VALUE env file; a missing (git-ignored) secrets file is read from its committed example. */
    static Set<String> envFileKeys(Path file) {
        Path source = file;
        if (!Files.isRegularFile(source)) {
            source = file.resolveSibling(file.getFileName() + ".example");
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("env file " + file + " (or its .example) does not exist");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String line : Repository.read(source).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                keys.add(trimmed.split("=", 2)[0].strip());
            }
        }
        return keys;
    }

    private void patch(Path dir, Map<String, Object> entry) {
        String text = entry.get("path") != null ? Repository.read(dir.resolve(entry.get("path").toString()))
                : String.valueOf(entry.get("patch"));
        Map<String, Object> target = Yaml.map(entry.get("target"));
        for (Object doc : Yaml.loadAll(text)) {
            if (doc instanceof List<?> operations) {
                for (Object op : operations) {
                    String path = Yaml.string(op, "path");
                    if (path != null && path.matches(".*/(env|envFrom)(/.*)?")) {
                        throw new UnsupportedOperationException("JSON patch of " + path + " in " + dir
                                + ": change env with a strategic-merge patch (this check reads those)");
                    }
                }
            } else {
                strategicMerge(dir, Yaml.map(doc), target);
            }
        }
    }

    private void strategicMerge(Path dir, Map<String, Object> patch, Map<String, Object> target) {
        if (patch.toString().contains("$patch")) {
            throw new UnsupportedOperationException("$patch directive in " + dir + " is not read by this check");
        }
        String kind = target.containsKey("kind") ? target.get("kind").toString() : String.valueOf(patch.get("kind"));
        if (!kind.equals("Deployment")) {
            return;
        }
        String name = target.containsKey("name") ? target.get("name").toString()
                : Yaml.string(patch, "metadata", "name");
        for (Map<String, Object> doc : documents) {
            if (!kind.equals(doc.get("kind")) || (name != null && !name.equals(Yaml.string(doc, "metadata", "name")))
                    || !labelsMatch(doc, Yaml.string(target, "labelSelector"))) {
                continue;
            }
            for (Object patchContainer : containers(patch)) {
                for (Object container : containers(doc)) {
                    if (Yaml.string(container, "name").equals(Yaml.string(patchContainer, "name"))) {
                        mergeEnv(Yaml.map(container), Yaml.map(patchContainer));
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mergeEnv(Map<String, Object> container, Map<String, Object> patch) {
        if (patch.get("env") != null) {
            List<Object> env = new ArrayList<>(Yaml.list(container.get("env")));
            for (Object add : Yaml.list(patch.get("env"))) {
                env.removeIf(e -> Yaml.string(e, "name").equals(Yaml.string(add, "name")));
                env.add(add);
            }
            container.put("env", env);
        }
        if (patch.get("envFrom") != null) {
            List<Object> envFrom = new ArrayList<>(Yaml.list(container.get("envFrom")));
            Yaml.list(patch.get("envFrom")).stream().filter(f -> !envFrom.contains(f)).forEach(envFrom::add);
            container.put("envFrom", envFrom);
        }
    }

    private static boolean labelsMatch(Map<String, Object> doc, String selector) {
        if (selector == null) {
            return true;
        }
        Map<String, Object> labels = Yaml.map(Yaml.at(doc, "metadata", "labels"));
        for (String term : selector.split(",")) {
            String[] kv = term.split("=", 2);
            if (kv.length != 2 || !kv[1].strip().equals(String.valueOf(labels.get(kv[0].strip())))) {
                return false;
            }
        }
        return true;
    }
}
