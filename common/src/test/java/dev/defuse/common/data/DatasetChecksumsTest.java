package dev.defuse.common.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The MNIST files in the repository are exactly the ones {@code datasets/README.md} lists (md5 column). */
class DatasetChecksumsTest {

    /** A table row: {@code | file | description | md5 |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*([^|\\s]+)\\s*\\|.*\\|\\s*([0-9a-f]{32})\\s*\\|\\s*$");

    @Test
    void mnistFilesMatchTheMd5SumsOfTheReadme() throws Exception {
        Path readme = RepositoryFiles.root().resolve("datasets/README.md");
        Map<String, String> expected = parseMnistTable(Files.readString(readme));
        assertThat(expected).as("md5 table of the mnist/ section in %s", readme)
                .containsOnlyKeys("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        try (var files = Files.list(RepositoryFiles.mnist())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("every file in datasets/mnist is listed in the README")
                    .allMatch(expected::containsKey);
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = RepositoryFiles.mnist().resolve(e.getKey());
            assertThat(md5(file)).as("md5 of %s", file).isEqualTo(e.getValue());
        }
    }

    /** Rows of the table under the {@code ## mnist/} heading (until the next heading). */
    static Map<String, String> parseMnistTable(String readme) {
        Map<String, String> sums = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : readme.split("\r?\n")) {
            if (line.startsWith("#")) {
                inSection = line.strip().equals("## mnist/");
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.matches()) {
                sums.put(row.group(1), row.group(2));
            }
        }
        return sums;
    }

    private static String md5(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
    }
}
