package dev.defuse.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The two rules between a service's configuration and an environment that a deployment gives it. */
final class Consistency {

    private Consistency() {
    }

    /**
     * Variables that are neither a config key of the service nor a known non-config variable (whose reader must still
     * mention it).
     */
    static List<String> unknownVariables(Path root, ServiceConfig service, String source, Collection<String> env) {
        List<String> problems = new ArrayList<>();
        for (String name : env) {
            Optional<NonConfigEnvironment> nonConfig = NonConfigEnvironment.of(name);
            if (nonConfig.isPresent()) {
                if (!nonConfig.get().verified(root)) {
                    problems.add(source + ": " + service.service + " sets " + name + ", but "
                            + nonConfig.get().readerClass + " no longer reads it");
                }
            } else if (service.keyOf(name).isEmpty()) {
                problems.add(source + ": " + service.service + " sets " + name + ", which is no config key of "
                        + service.service + hint(service, name));
            }
        }
        return problems;
    }

    /** Required keys of the service that the environment does not set. */
    static List<String> missingRequired(ServiceConfig service, String source, Collection<String> env) {
        List<String> problems = new ArrayList<>();
        for (ConfigProperty key : service.requiredKeys()) {
            if (env.stream().noneMatch(name -> EnvNames.matches(name, key.pattern()))) {
                problems.add(source + ": " + service.service + " needs " + key.pattern() + " ("
                        + EnvNames.of(key.pattern()) + ", required by " + key.origin() + ") and it is not set");
            }
        }
        return problems;
    }

    /** Keys of the service that start like the unknown variable, to point at a typo. */
    private static String hint(ServiceConfig service, String env) {
        String[] parts = env.split("_");
        String start = parts.length > 2 ? parts[0] + "_" + parts[1] + "_" : env;
        List<String> similar = service.knownKeys().stream().map(ConfigProperty::pattern).filter(ConfigProperty::fixedKey)
                .map(EnvNames::of).filter(e -> e.startsWith(start)).distinct().limit(8).toList();
        return similar.isEmpty() ? "" : " (keys nearby: " + String.join(", ", similar) + ")";
    }
}
