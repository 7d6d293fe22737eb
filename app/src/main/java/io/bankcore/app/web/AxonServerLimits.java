package io.bankcore.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * With Axon Server as the event store, the routes that read the events straight from this database's
 * {@code domain_event_entry} (the books' verification and the replay into new tables) would find it
 * empty and answer wrong data: they answer 503 {@code NOT_AVAILABLE} instead, saying why.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true", matchIfMissing = true)
class AxonServerLimits implements WebMvcConfigurer {

    static final String DETAIL = "Not available with Axon Server as the event store: this route reads the events"
            + " from the database's event table (domain_event_entry), which Axon Server does not use.";

    /** Refuses every request it is mapped to. */
    static final class Refusal implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            throw new ApiProblem(ProblemCode.NOT_AVAILABLE, DETAIL);
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new Refusal())
                .addPathPatterns(AdminController.PREFIX + "/replay", AdminController.PREFIX + "/replay/**");
    }
}
