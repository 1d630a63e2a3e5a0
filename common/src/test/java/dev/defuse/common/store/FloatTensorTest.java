package dev.defuse.common.store;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FloatTensorTest {

    @Test
    void validatesShapeAgainstData() {
        assertThatThrownBy(() -> new FloatTensor(new int[]{2, 3}, new float[5]))
                .hasMessageContaining("shape [2, 3] needs 6 values, data has 5");
        assertThatThrownBy(() -> new FloatTensor(new int[]{}, new float[1])).hasMessageContaining("rank must be 1..8");
        assertThatThrownBy(() -> new FloatTensor(new int[]{-1}, new float[0])).hasMessageContaining("must be >= 0");
        assertThatThrownBy(() -> new FloatTensor(new int[]{65536, 65536}, new float[0]))
                .hasMessageContaining("more than 2147483647 elements");
    }

    @Test
    void rowAccessors() {
        FloatTensor t = FloatTensor.ofRows(List.of(new float[]{1, 2, 3, 4}, new float[]{5, 6, 7, 8}), 1, 2, 2);
        assertThat(t.shape()).containsExactly(2, 1, 2, 2);
        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.rowSize()).isEqualTo(4);
        assertThat(t.rowShape()).containsExactly(1, 2, 2);
        assertThat(t.row(1)).containsExactly(5, 6, 7, 8);
        assertThat(t.rows(1, 2).data()).containsExactly(5, 6, 7, 8);
        float[] target = new float[6];
        t.copyRow(0, target, 2);
        assertThat(target).containsExactly(0, 0, 1, 2, 3, 4);
        assertThatThrownBy(() -> t.row(2)).hasMessageContaining("row must be in [0, 2)");
        assertThatThrownBy(() -> FloatTensor.ofRows(List.of(new float[]{1}, new float[]{1, 2})))
                .hasMessageContaining("row 1 has 2 values, expected 1");
    }

    @Test
    void wrapsDataButCopiesShape() {
        float[] data = {1, 2};
        int[] shape = {2};
        FloatTensor t = new FloatTensor(shape, data);
        shape[0] = 5;
        t.shape()[0] = 7;
        assertThat(t.shape()).containsExactly(2);
        assertThat(t.data()).isSameAs(data);
        assertThat(t).isEqualTo(new FloatTensor(new int[]{2}, new float[]{1, 2}))
                .hasSameHashCodeAs(new FloatTensor(new int[]{2}, new float[]{1, 2}));
        assertThat(t.toString()).isEqualTo("FloatTensor[2]");
    }
}
