package dev.defuse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules catch what they are for: typos, variables of another service, missing required keys, unread patches. */
class ConsistencyRulesTest {

    private static Path root;
    private static ServiceConfig labeling;
    private static ServiceConfig identify;

    @BeforeAll
    static void load() {
        root = Repository.root();
        labeling = ServiceConfig.load(root, "labeling-service");
        identify = ServiceConfig.load(root, "identify-service");
    }

    @Test
    void aMisspeltVariableIsReportedWithTheKeysNearby() {
        List<String> problems = Consistency.unknownVariables(root, labeling, "test",
                List.of("DEFUSE_OBJECT_STORE_ENDPONT", "DEFUSE_OBJECT_STORE_ENDPOINT", "KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(problems).singleElement().asString()
                .contains("DEFUSE_OBJECT_STORE_ENDPONT, which is no config key of labeling-service")
                .contains("DEFUSE_OBJECT_STORE_ENDPOINT");
    }

    @Test
    void theDatabaseBelongsToTheLabelingServiceOnly() {
        assertThat(labeling.requiredKeys()).extracting(ConfigProperty::pattern).contains(
                "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");
        assertThat(Consistency.unknownVariables(root, identify, "test", List.of("QUARKUS_DATASOURCE_JDBC_URL")))
                .singleElement().asString().contains("no config key of identify-service");
    }

    @Test
    void aMissingRequiredKeyIsReported() {
        Set<String> env = Set.of("KAFKA_BOOTSTRAP_SERVERS", "DEFUSE_OBJECT_STORE_ENDPOINT",
                "DEFUSE_OBJECT_STORE_ACCESS_KEY", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME");
        assertThat(Consistency.missingRequired(labeling, "test", env)).containsExactlyInAnyOrder(
                "test: labeling-service needs defuse.object-store.secret-key (DEFUSE_OBJECT_STORE_SECRET_KEY, "
                        + "required by ObjectStoreSettings#secretKey()) and it is not set",
                "test: labeling-service needs quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD, "
                        + "required by the datasource of quarkus.datasource.db-kind) and it is not set");
    }

    @Test
    void nonConfigVariablesAreCheckedAgainstTheirReaders() {
        assertThat(NonConfigEnvironment.PYTORCH_LIBRARY_PATH.verified(root)).isTrue();
        assertThat(NonConfigEnvironment.DEFUSE_TORCH_THREADS.verified(root)).isTrue();
        assertThat(Consistency.unknownVariables(root, identify, "test",
                List.of("PYTORCH_LIBRARY_PATH", "JAVA_MAX_MEM_RATIO", "PYTORCH_LIBRARY_PATHS"))).singleElement()
                .asString().contains("PYTORCH_LIBRARY_PATHS");
    }

    @Test
    void overlayPatchesAndGeneratorsAreFollowed(@TempDir Path dir) throws IOException {
        write(dir.resolve("base/kustomization.yaml"), """
                resources: [deployment.yaml]
                configMapGenerator:
                  - name: settings
                    literals: [A=1]
                """);
        write(dir.resolve("base/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: svc, labels: {tier: gpu}}
                spec:
                  template:
                    spec:
                      containers:
                        - name: svc
                          envFrom: [{configMapRef: {name: settings}}]
                          env: [{name: B, value: "1"}]
                """);
        write(dir.resolve("overlay/kustomization.yaml"), """
                resources: [../base]
                configMapGenerator:
                  - name: settings
                    behavior: merge
                    literals: [C=2]
                secretGenerator:
                  - name: credentials
                    envs: [secrets/credentials.env]
                patches:
                  - target: {kind: Deployment, labelSelector: tier=gpu}
                    patch: |-
                      kind: Deployment
                      metadata: {name: svc}
                      spec:
                        template:
                          spec:
                            containers:
                              - name: svc
                                envFrom: [{secretRef: {name: credentials}, prefix: X_}]
                                env: [{name: D, value: "1"}]
                """);
        write(dir.resolve("overlay/secrets/credentials.env.example"), "# comment\nSECRET=replace-me\n");
        assertThat(Kustomization.read(dir.resolve("overlay"), List.of()).deploymentEnvironment().get("svc").get("svc"))
                .containsExactlyInAnyOrder("A", "C", "B", "D", "X_SECRET");

        write(dir.resolve("component/kustomization.yaml"), """
                kind: Component
                patches:
                  - target: {kind: Deployment, name: svc}
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/0/env/-
                        value: {name: E, value: "1"}
                """);
        assertThatThrownBy(() -> Kustomization.read(dir.resolve("overlay"), List.of(dir.resolve("component"))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("strategic-merge");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
