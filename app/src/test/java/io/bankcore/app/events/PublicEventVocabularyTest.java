package io.bankcore.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.bankcore.app.support.Vocabulary;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every event type of the api module, as the feed, webhooks and RabbitMQ publish it: an instance of
 * each event record, stored as Axon's serializer stores it (fields by name), then in its public form.
 * Its {@code data} and envelope must speak the public vocabulary; the values of enumerations are
 * checked on real events by {@code PublicVocabularyTest}.
 */
class PublicEventVocabularyTest {

    private static final ObjectMapper STORE = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void every_event_class_is_published_under_a_type() {
        List<String> events = new ClassFileImporter()
                .importPackages("io.bankcore.api").stream()
                        .filter(JavaClass::isRecord)
                        .map(JavaClass::getSimpleName)
                        .filter(name -> name.endsWith("Event"))
                        .toList();
        assertThat(events).isNotEmpty();
        assertThat(EventTypes.PUBLISHED.keySet()).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void every_event_types_public_form_is_snake_case_with_amounts_in_cents() throws Exception {
        var problems = new ArrayList<String>();
        for (String simpleName : EventTypes.PUBLISHED.keySet()) {
            Class<?> type = Class.forName("io.bankcore.api." + simpleName);
            byte[] payload = STORE.writeValueAsBytes(sample(type));
            var stored = new EventLog.StoredEvent(
                    7, "e-7", "000001", 0, type.getName(), payload, Instant.parse("2026-12-01T10:00:00Z"));
            PublicEvent event = PublicEvent.of(stored);
            assertThat(event.type()).isEqualTo(EventTypes.PUBLISHED.get(simpleName));
            var node = JsonMapper.builder().build().readTree(event.json());
            assertThat(node.get("version").intValue()).isEqualTo(2);
            // Every field of the payload, and the memo of the write that caused the event (unless the payload's
            // own fields are a description and metadata).
            boolean ownMemo = java.util.Arrays.stream(type.getRecordComponents())
                    .anyMatch(c -> c.getName().equals("metadata"));
            assertThat(node.get("data").size())
                    .as(simpleName)
                    .isEqualTo(type.getRecordComponents().length + (ownMemo ? 0 : 2));
            problems.addAll(Vocabulary.ofJson(event.type(), node));
        }
        assertThat(problems).isEmpty();
    }

    /** An instance of an event record, every component set to a plain value of its type. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        var types = new Class<?>[components.length];
        var values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = types[i] == long.class
                    ? (Object) 1L
                    : types[i] == int.class
                            ? (Object) 1
                            : types[i] == boolean.class
                                    ? (Object) Boolean.TRUE
                                    : types[i] == Instant.class
                                            ? Instant.EPOCH
                                            : types[i] == java.util.Map.class ? java.util.Map.of("k", "v") : "X";
        }
        return type.getDeclaredConstructor(types).newInstance(values);
    }
}
