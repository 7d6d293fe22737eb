package io.bankcore.app.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operations dashboard: its numbers ({@link OpsStatistics}) and its page, static files under
 * {@code classpath:/static/ops/}, served at {@code /ops}. Like the admin routes it reads, the page is
 * gone (a JSON 404) when {@code bankcore.admin.enabled=false}: both follow the same condition.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    static final String PAGE = "/ops/index.html";

    /** Under Axon Server the event store's head and rate come from it, the rest from the database. */
    @Bean
    OpsStatistics opsStatistics(DataSource dataSource, Environment environment, EventStore eventStore) {
        return new OpsStatistics(
                dataSource,
                Clock.systemUTC(),
                OperationsConfiguration.axonServer(environment) ? new StreamableEvents(eventStore) : null);
    }

    /** {@code /ops} and {@code /ops/} show the page (a forward: the address stays {@code /ops}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Page implements WebMvcConfigurer {

        @Override
        public void addViewControllers(ViewControllerRegistry registry) {
            registry.addViewController("/ops").setViewName("forward:" + PAGE);
            registry.addViewController("/ops/").setViewName("forward:" + PAGE);
        }
    }

    /** With the admin routes off, the page and its files are not found either. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(AdminDisabled.class)
    static class Hidden implements WebMvcConfigurer {

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                        @Override
                        public boolean preHandle(
                                HttpServletRequest request, HttpServletResponse response, Object handler)
                                throws Exception {
                            response.sendError(HttpServletResponse.SC_NOT_FOUND);
                            return false;
                        }
                    })
                    .addPathPatterns("/ops", "/ops/**");
        }
    }

    /** Exactly when the admin routes' own condition does not hold. */
    static class AdminDisabled extends NoneNestedConditions {

        AdminDisabled() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "bankcore.admin", name = "enabled", havingValue = "true", matchIfMissing = true)
        static class AdminEnabled {}
    }
}
