package io.bankcore.app.ops;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The operations dashboard: its numbers ({@link OpsStatistics}) and its page, static files under
 * {@code classpath:/static/ops/}, served at {@code /ops}. Like the admin routes it reads, the page is
 * gone (a JSON 404) when {@code bankcore.admin.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration implements WebMvcConfigurer {

    static final String PAGE = "/ops/index.html";

    private final boolean adminEnabled;

    OpsConfiguration(@Value("${bankcore.admin.enabled:true}") boolean adminEnabled) {
        this.adminEnabled = adminEnabled;
    }

    @Bean
    OpsStatistics opsStatistics(DataSource dataSource) {
        return new OpsStatistics(dataSource, Clock.systemUTC());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        if (adminEnabled) {
            registry.addViewController("/ops").setViewName("forward:" + PAGE);
            registry.addViewController("/ops/").setViewName("forward:" + PAGE);
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        if (!adminEnabled) {
            registry.addInterceptor(new HandlerInterceptor() {
                        @Override
                        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object h)
                                throws Exception {
                            response.sendError(HttpServletResponse.SC_NOT_FOUND);
                            return false;
                        }
                    })
                    .addPathPatterns("/ops", "/ops/**");
        }
    }
}
