package io.bankcore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTest {
    private FakeBank bank;

    @BeforeEach
    void start() throws Exception {
        bank = new FakeBank();
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    private Http connect() throws Exception {
        return Instance.attach(bank.url()).connect();
    }

    @Test
    void requests_share_one_keep_alive_connection() throws Exception {
        try (Http http = connect()) {
            Http.Reply created =
                    http.post("/accounts", "{\"account_number\":\"000000000001\",\"initial_balance_cents\":100}");
            assertThat(created.status()).isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                Http.Reply r = http.post("/accounts/000000000001/deposit", "{\"amount_cents\":10}");
                assertThat(r.status()).isEqualTo(200);
                assertThat(Json.field(r.body(), "balance_cents")).isEqualTo(Long.toString(110 + 10 * i));
            }
            assertThat(Json.field(http.get("/accounts/000000000001/balance").body(), "balance_cents"))
                    .isEqualTo("150");
        }
        assertThat(bank.requests.get()).isEqualTo(7);
        assertThat(bank.clientPorts).hasSize(1);
    }

    @Test
    void chunked_bodies_and_error_statuses_are_read_whole() throws Exception {
        try (Http http = connect()) {
            Http.Reply list = http.get("/accounts/000000000001/transactions?limit=20");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).isEqualTo("{\"items\":[{\"amount_cents\":1}]}");
            Http.Reply refused = http.post("/accounts/000000000001/withdraw", "{\"amount_cents\":1}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body()).isEqualTo("{\"error\":\"not today\"}");
            assertThat(http.get("/nowhere").status()).isEqualTo(404);
        }
        assertThat(bank.clientPorts).hasSize(1);
    }

    @Test
    void a_connection_the_server_closes_is_opened_again() throws Exception {
        try (Http http = connect()) {
            assertThat(http.get("/close").body()).isEqualTo("{\"closing\":true}");
            assertThat(http.get("/accounts/x/balance").status()).isEqualTo(200);
        }
        assertThat(bank.clientPorts).hasSize(2);
    }
}
