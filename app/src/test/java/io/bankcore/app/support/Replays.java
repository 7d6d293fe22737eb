package io.bankcore.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Starting a replay over HTTP and following it to its end. */
public final class Replays {

    private Replays() {}

    /** Starts a replay and waits until it has finished; answers its final status. */
    public static JsonNode run(Http http) throws InterruptedException {
        var started = http.post("/admin/replay", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String id = started.json().get("replay_id").stringValue();
        assertThat(started.header("Location")).isEqualTo("/admin/replay/" + id);
        return await(http, id, Duration.ofSeconds(60));
    }

    public static JsonNode await(Http http, String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            var response = http.get("/admin/replay/" + id);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode status = response.json();
            if (!status.get("status").stringValue().equals("RUNNING")) {
                return status;
            }
            assertThat(Instant.now())
                    .as("replay %s still running: %s", id, status)
                    .isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
