package io.bankcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

    @Test
    void no_metadata_is_a_null_column() {
        assertThat(MetadataJson.write(Map.of())).isNull();
        assertThat(MetadataJson.read(null)).isEmpty();
        assertThat(MetadataJson.read("{}")).isEmpty();
    }

    @Test
    void writes_one_canonical_form_in_key_order() {
        assertThat(MetadataJson.write(Map.of("b", "2", "a", "x\"y\\z\n")))
                .isEqualTo("{\"a\":\"x\\\"y\\\\z\\n\",\"b\":\"2\"}");
    }

    @Test
    void reads_what_postgresql_gives_back_for_jsonb() {
        assertThat(MetadataJson.read("{\"b\": \"2\", \"a\": \"\\u00e9\\/\\t\"}"))
                .isEqualTo(Map.of("a", "é/\t", "b", "2"));
    }

    @Test
    void round_trips_random_strings() {
        var random = new Random(20261207L);
        for (int i = 0; i < 2_000; i++) {
            var metadata = new TreeMap<String, String>();
            int keys = 1 + random.nextInt(20);
            for (int k = 0; k < keys; k++) {
                var value = new StringBuilder();
                int length = random.nextInt(30);
                for (int c = 0; c < length; c++) {
                    value.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x60) : random.nextInt(0x3000)));
                }
                metadata.put("k" + random.nextInt(1000), value.toString());
            }
            assertThat(MetadataJson.read(MetadataJson.write(metadata))).isEqualTo(metadata);
        }
    }

    @Test
    void a_memo_reads_from_message_metadata_and_ignores_what_is_not_text() {
        var memo = Memo.of(Map.of("description", "d", "metadata", Map.of("a", "1", "b", 2), "principal", "key:1"));
        assertThat(memo).isEqualTo(new Memo("d", Map.of("a", "1")));
        assertThat(Memo.of(Map.of("principal", "key:1"))).isSameAs(Memo.NONE);
        assertThat(new Memo("d", Map.of()).asMetaData()).isEqualTo(Map.of("description", "d"));
        assertThat(Memo.NONE.asMetaData()).isEmpty();
    }
}
