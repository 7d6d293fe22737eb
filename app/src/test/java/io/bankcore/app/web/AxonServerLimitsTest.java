package io.bankcore.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.handler.MappedInterceptor;
import org.springframework.web.util.ServletRequestPathUtils;

/** Under Axon Server, the routes that read domain_event_entry answer 503 NOT_AVAILABLE; others pass. */
class AxonServerLimitsTest {

    static final class Registry extends InterceptorRegistry {
        List<Object> all() {
            return getInterceptors();
        }
    }

    private static boolean refused(String method, String path) {
        var registry = new Registry();
        new AxonServerLimits().addInterceptors(registry);
        var request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        return registry.all().stream()
                .map(MappedInterceptor.class::cast)
                .anyMatch(interceptor -> interceptor.matches(request));
    }

    @Test
    void the_replay_is_refused_the_rest_is_not() {
        assertThat(refused("GET", "/admin/audit")).isFalse();
        assertThat(refused("GET", "/admin/audit/last")).isFalse();
        assertThat(refused("POST", "/admin/replay")).isTrue();
        assertThat(refused("GET", "/admin/replay/accounts-v2")).isTrue();
        assertThat(refused("GET", "/admin/processors")).isFalse();
        assertThat(refused("GET", "/accounts/000001/events")).isFalse();
        assertThat(refused("POST", "/transfers")).isFalse();
    }

    @Test
    void the_refusal_is_a_503_problem_that_says_why() {
        assertThatThrownBy(() -> new AxonServerLimits.Refusal()
                        .preHandle(new MockHttpServletRequest(), new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.NOT_AVAILABLE);
                    assertThat(problem.code().status().value()).isEqualTo(503);
                    assertThat(problem.getMessage()).contains("domain_event_entry");
                });
    }
}
