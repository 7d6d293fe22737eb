package io.bankcore.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A problem body is the same bytes on every instance: a keyed request answered on one instance and
 * replayed (re-rendered) on another must match. {@code Map.of} iterates in an order chosen per JVM, so
 * neither the extensions nor the field errors may keep it.
 */
class ProblemOrderTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void extensions_are_rendered_in_the_order_of_their_names_whatever_the_map_given() {
        var reversed = new LinkedHashMap<String, Object>();
        reversed.put("refunded", true);
        reversed.put("correlation_id", "c-1");
        var first = new ApiProblem(ProblemCode.ACCOUNT_FROZEN, "frozen", List.of(), reversed);
        var second = new ApiProblem(
                ProblemCode.ACCOUNT_FROZEN, "frozen", List.of(), Map.of("correlation_id", "c-1", "refunded", true));

        assertThat(first.extensions().keySet()).containsExactly("correlation_id", "refunded");
        assertThat(render(first)).isEqualTo(render(second)).endsWith("\"correlation_id\":\"c-1\",\"refunded\":true}");
    }

    @Test
    void a_field_error_names_the_field_before_the_message() {
        var problem = ApiProblem.invalid(List.of(new ApiProblem.FieldError("amount_cents", "must be > 0")));
        assertThat(render(problem)).contains("\"errors\":[{\"field\":\"amount_cents\",\"message\":\"must be > 0\"}]");
    }

    private String render(ApiProblem problem) {
        return json.writeValueAsString(Problems.body(
                problem.code(), problem.getMessage(), "/transfers", problem.errors(), problem.extensions()));
    }
}
