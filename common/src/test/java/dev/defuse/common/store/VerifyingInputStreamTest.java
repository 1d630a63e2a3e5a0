package dev.defuse.common.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifyingInputStreamTest {

    private static final byte[] CONTENT = "hello, object store".getBytes(StandardCharsets.UTF_8);

    @Test
    void passesMatchingContent() throws Exception {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), "k", Sha256.hex(CONTENT));
        assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    @Tag("bad-input")
    void failsAtEndOfStreamOnMismatchNamingKeyAndBothSums() {
        byte[] tampered = CONTENT.clone();
        tampered[0] ^= 1;
        String expected = Sha256.hex(CONTENT);
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(tampered), "tensors/j/x.dft", expected);
        assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
            assertThat(e.key()).isEqualTo("tensors/j/x.dft");
            assertThat(e.expected()).isEqualTo(expected);
            assertThat(e.actual()).isEqualTo(Sha256.hex(tampered));
            assertThat(e).hasMessageContaining("tensors/j/x.dft").hasMessageContaining(expected);
        });
    }

    @Test
    void skipStillHashesTheSkippedBytes() throws Exception {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), "k", "0".repeat(64));
        assertThat(in.skip(5)).isEqualTo(5);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(ChecksumMismatchException.class);
    }
}
