package io.bankcore.query;

import io.bankcore.api.Memo;
import java.nio.charset.StandardCharsets;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;

/**
 * The memo in an event's stored metadata, for readers of the event table (the replay, the audit). Most
 * events carry none, and deserializing every event's metadata would slow those readers for nothing, so
 * only metadata that names a memo key is deserialized.
 */
public final class EventMemos {

    private static final byte[] METADATA_KEY = ("\"" + Memo.METADATA + "\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] DESCRIPTION_KEY = ("\"" + Memo.DESCRIPTION + "\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH_ID_KEY = ("\"" + Memo.BATCH_ID + "\"").getBytes(StandardCharsets.UTF_8);

    private EventMemos() {}

    public static Memo read(Serializer serializer, byte[] serializedMetaData) {
        if (serializedMetaData == null
                || (!contains(serializedMetaData, METADATA_KEY)
                        && !contains(serializedMetaData, DESCRIPTION_KEY)
                        && !contains(serializedMetaData, BATCH_ID_KEY))) {
            return Memo.NONE;
        }
        MetaData metaData = serializer.deserialize(new SerializedMetaData<>(serializedMetaData, byte[].class));
        return Memo.of(metaData);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
