package io.bankcore.app.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the fuzz's generator sends, without a server: every write route also gets descriptions and metadata. */
class RequestGeneratorTest {

    private static final List<RequestGenerator.Account> ACCOUNTS = List.of(
            new RequestGenerator.Account("0000100001", "BRL", "rich-BRL"),
            new RequestGenerator.Account("0000100002", "USD", "rich-USD"),
            new RequestGenerator.Account("0000100003", "BRL", "small-BRL"),
            new RequestGenerator.Account("0000100004", "BRL", "near-max-BRL"),
            new RequestGenerator.Account("0000100005", "BRL", "lifecycle-BRL"),
            new RequestGenerator.Account("0000100006", "USD", "empty-USD"));

    private static List<FuzzRequest> generate(long seed, int cases) {
        var fixtures = new RequestGenerator.Fixtures(
                () -> "3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e10",
                "3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e11",
                100,
                "3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e12",
                "3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e14",
                ACCOUNTS.get(2),
                ACCOUNTS.get(5),
                List.of(ACCOUNTS.get(4), ACCOUNTS.get(5)));
        var generator = new RequestGenerator(ACCOUNTS, () -> "3f2b8c1e-0d4a-4c1b-9f5e-2a7d6c8b9e13", fixtures, 0);
        var master = new SplittableRandom(seed);
        var requests = new ArrayList<FuzzRequest>();
        for (int i = 0; i < cases; i++) {
            requests.add(generator.generate(i, master.split(), false));
        }
        return requests;
    }

    @Test
    void writes_carry_descriptions_and_metadata_valid_and_malformed_and_accounts_are_patched() {
        var requests = generate(42, 3000);
        var withMemo = requests.stream()
                .filter(q -> q.body() != null)
                .filter(q -> {
                    String body = new String(q.body(), StandardCharsets.UTF_8);
                    return body.contains("\"metadata\"") || body.contains("\"description\"");
                })
                .toList();
        assertThat(withMemo.stream().map(FuzzRequest::route).distinct())
                .contains(
                        "POST /accounts",
                        "POST /accounts/{n}/deposit",
                        "POST /accounts/{n}/withdraw",
                        "POST /transfers",
                        "PATCH /accounts/{n}");
        var tags = requests.stream().flatMap(q -> q.tags().stream()).toList();
        assertThat(tags).anyMatch(t -> t.startsWith("metadata=") && t.endsWith("-keys"));
        assertThat(tags).anyMatch(t -> t.startsWith("description=501-chars"));
        assertThat(requests.stream().filter(q -> q.route().equals("PATCH /accounts/{n}")))
                .anyMatch(q -> q.validity() == Validity.VALID)
                .anyMatch(q -> q.validity() == Validity.INVALID);
    }

    @Test
    void overdraft_limits_are_set_on_accounts_and_sent_when_opening_valid_and_malformed() {
        var requests = generate(42, 3000);
        var limits = requests.stream()
                .filter(q -> q.route().equals("PUT /accounts/{n}/overdraft-limit"))
                .toList();
        assertThat(limits)
                .anyMatch(q -> q.validity() == Validity.VALID && q.method().equals("PUT"))
                .anyMatch(q -> q.validity() == Validity.INVALID)
                .anyMatch(q ->
                        q.expect() != null && "ACCOUNT_CLOSED".equals(q.expect().code()));
        assertThat(requests.stream()
                        .filter(q -> q.route().equals("POST /accounts") && q.body() != null)
                        .map(q -> new String(q.body(), StandardCharsets.UTF_8)))
                .anyMatch(body -> body.contains("\"overdraft_limit_cents\""));
    }
}
