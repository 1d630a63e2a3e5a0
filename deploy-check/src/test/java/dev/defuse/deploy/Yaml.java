package dev.defuse.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/** YAML documents as plain maps and lists (merge keys and anchors resolved), with small typed accessors. */
final class Yaml {

    private Yaml() {
    }

    static List<Object> loadAll(String text) {
        List<Object> docs = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml(new LoaderOptions()).loadAll(text)) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    static List<Object> loadAll(Path file) {
        return loadAll(Repository.read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** The value at a path of map keys, or null. */
    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            current = map(current).get(key);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    static String string(Object root, String... path) {
        Object value = at(root, path);
        return value == null ? null : value.toString();
    }
}
