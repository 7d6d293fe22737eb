package io.bankcore.app.web;

import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

/**
 * Errors raised before a request reaches a controller (the servlet container's own 400s, for example)
 * are rendered by Spring Boot's error page; this gives them the same problem shape and a {@code detail}.
 */
@Component
class ServletErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        var attributes = super.getErrorAttributes(request, options);
        int status = attributes.get("status") instanceof Integer s ? s : 500;
        var code = RestErrorHandler.forStatus(status);
        var path = attributes.get("path");
        return Problems.body(code, code.title(), path == null ? null : path.toString(), java.util.List.of());
    }
}
