package dev.defuse.deploy;

import java.util.List;

/**
 * Configuration keys that Quarkus extensions read (not the service's own mappings), with the extensions that read
 * them: a service reads such a key only when its pom has one of those extensions.
 */
enum FrameworkKeys {
    KAFKA_BOOTSTRAP_SERVERS("kafka.bootstrap.servers", Requirement.NEVER,
            "io.quarkus:quarkus-messaging-kafka", "io.quarkus:quarkus-kafka-client"),
    HTTP_PORT("quarkus.http.port", Requirement.NEVER, "io.quarkus:quarkus-vertx-http", "io.quarkus:quarkus-rest",
            "io.quarkus:quarkus-rest-jackson", "io.quarkus:quarkus-smallrye-health"),
    LOG_LEVEL("quarkus.log.level", Requirement.NEVER, "io.quarkus:quarkus-arc"),
    PROFILE("quarkus.profile", Requirement.NEVER, "io.quarkus:quarkus-arc"),
    // A datasource without URL or credentials does not start: required wherever application.properties
    // chooses a db-kind (the URL and credentials differ per deployment, so they come from the environment).
    DATASOURCE_URL("quarkus.datasource.jdbc.url", Requirement.WITH_DATASOURCE, "io.quarkus:quarkus-agroal",
            "io.quarkus:quarkus-jdbc-postgresql"),
    DATASOURCE_USERNAME("quarkus.datasource.username", Requirement.WITH_DATASOURCE, "io.quarkus:quarkus-agroal",
            "io.quarkus:quarkus-jdbc-postgresql"),
    DATASOURCE_PASSWORD("quarkus.datasource.password", Requirement.WITH_DATASOURCE, "io.quarkus:quarkus-agroal",
            "io.quarkus:quarkus-jdbc-postgresql");

    private enum Requirement { NEVER, WITH_DATASOURCE }

    final String key;
    private final Requirement requirement;
    private final List<String> extensions;

    FrameworkKeys(String key, Requirement requirement, String... extensions) {
        this.key = key;
        this.requirement = requirement;
        this.extensions = List.of(extensions);
    }

    boolean readBy(ServiceConfig service) {
        return extensions.stream().anyMatch(service.artifacts::contains);
    }

    boolean requiredBy(ServiceConfig service) {
        return requirement == Requirement.WITH_DATASOURCE && readBy(service)
                && service.prodProperties().containsKey("quarkus.datasource.db-kind");
    }

    String extensionDescription() {
        return "read by " + String.join(" / ", extensions);
    }

    String requirementDescription() {
        return "the datasource of quarkus.datasource.db-kind";
    }
}
