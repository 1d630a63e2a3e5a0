package dev.defuse.common.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorCodecTest {

    @Test
    void headerLayoutIsDocumentedLittleEndian() throws IOException {
        FloatTensor t = new FloatTensor(new int[]{2, 3}, new float[]{1, 2, 3, 4, 5, -0.5f});
        byte[] bytes = TensorCodec.encode(t).readAllBytes();
        assertThat(bytes).hasSize(12 + 8 + 24);
        assertThat(TensorCodec.encodedSize(t)).isEqualTo(bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, "US-ASCII")).isEqualTo("DFT1");
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(b.getInt(8)).isEqualTo(2);
        assertThat(b.getInt(12)).isEqualTo(2);
        assertThat(b.getInt(16)).isEqualTo(3);
        assertThat(b.getFloat(20)).isEqualTo(1f);
        assertThat(b.getFloat(40)).isEqualTo(-0.5f);
        assertThat(TensorCodec.sha256(t)).isEqualTo(Sha256.hex(bytes));
    }

    @Test
    void roundTripsLargeTensorsAcrossChunkBoundaries() throws IOException {
        Random random = new Random(7);
        float[] data = new float[3 * TensorCodec.CHUNK_BYTES / 4 + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        data[5] = Float.NaN;
        data[6] = Float.NEGATIVE_INFINITY;
        FloatTensor t = new FloatTensor(new int[]{data.length}, data);
        byte[] bytes = TensorCodec.encode(t).readAllBytes();
        FloatTensor back = TensorCodec.decode(new ByteArrayInputStream(bytes), "test", bytes.length);
        assertThat(back).isEqualTo(t);
        // the same bytes when the stream is read one byte at a time
        InputStream oneByOne = TensorCodec.encode(t);
        for (int i = 0; i < 100; i++) {
            assertThat(oneByOne.read()).isEqualTo(bytes[i] & 0xff);
        }
    }

    @Test
    void roundTripsEmptyAndHighRankTensors() throws IOException {
        for (FloatTensor t : List.of(FloatTensor.zeros(0, 1, 28, 28), FloatTensor.zeros(1, 1, 1, 1, 1, 1, 1, 2))) {
            byte[] bytes = TensorCodec.encode(t).readAllBytes();
            assertThat(TensorCodec.decode(new ByteArrayInputStream(bytes), "t", -1)).isEqualTo(t);
        }
    }

    @Test
    @Tag("bad-input")
    void rejectsBadMagicDtypeRankTruncationAndTrailingBytes() throws IOException {
        byte[] good = TensorCodec.encode(new FloatTensor(new int[]{2, 2}, new float[]{1, 2, 3, 4})).readAllBytes();

        byte[] badMagic = good.clone();
        badMagic[3] = '2';
        assertThatThrownBy(() -> decode(badMagic)).isInstanceOf(TensorFormatException.class)
                .hasMessageContaining("obj is not a valid DFT1 tensor").hasMessageContaining("bad magic 44465432");

        byte[] badDtype = good.clone();
        badDtype[4] = 9;
        assertThatThrownBy(() -> decode(badDtype)).hasMessageContaining("unsupported dtype code 9");

        byte[] badRank = good.clone();
        badRank[8] = 0;
        assertThatThrownBy(() -> decode(badRank)).hasMessageContaining("rank 0 is outside 1..8");

        byte[] negativeDim = good.clone();
        negativeDim[15] = (byte) 0x80;
        assertThatThrownBy(() -> decode(negativeDim)).hasMessageContaining("dimension 0 is negative");

        assertThatThrownBy(() -> decode(Arrays.copyOf(good, good.length - 3)))
                .hasMessageContaining("truncated at byte 33 (expected at least 36 bytes)");
        assertThatThrownBy(() -> decode(Arrays.copyOf(good, 6))).hasMessageContaining("truncated at byte 6");
        assertThatThrownBy(() -> decode(Arrays.copyOf(good, good.length + 1)))
                .hasMessageContaining("unexpected bytes after the 36 bytes of shape [2, 2]");
        assertThatThrownBy(() -> TensorCodec.decode(new ByteArrayInputStream(good), "obj", 1000))
                .hasMessageContaining("needs 36 bytes but the object has 1000");
    }

    @Test
    @Tag("bad-input")
    void rejectsShapesTooLargeForOneArrayBeforeAllocating() {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.put(TensorCodec.MAGIC).putInt(1).putInt(2).putInt(1 << 20).putInt(1 << 20);
        assertThatThrownBy(() -> decode(b.array())).hasMessageContaining("more than 2147483647 elements");
    }

    private static FloatTensor decode(byte[] bytes) throws IOException {
        return TensorCodec.decode(new ByteArrayInputStream(bytes), "obj", -1);
    }
}
