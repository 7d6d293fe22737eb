package io.bankcore.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Refuses, before anything else reads the request, what the framework would otherwise turn into a
 * 500 or an HTML page: a malformed or wildcard {@code Content-Type}, form and multipart bodies (every
 * route takes JSON), a body over the size limit, path parameters ({@code ;a=b}, never used here), and
 * a query string the container cannot decode.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestGuardFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    RequestGuardFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = null;
        ProblemCode code = ProblemCode.INVALID_REQUEST;
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank()) {
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                String main = type.getType().toLowerCase(Locale.ROOT);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    refusal = "Content-Type must name one media type (application/json), not a wildcard";
                } else if (main.equals("multipart") || type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
                    refusal = "Content-Type must be application/json; form and multipart bodies are not accepted";
                }
            } catch (InvalidMediaTypeException malformed) {
                refusal = "Content-Type header is malformed";
            }
        }
        long maxBytes = TransferBatchController.PATH.equals(request.getRequestURI())
                ? JsonRequest.MAX_BATCH_BODY_BYTES
                : JsonRequest.MAX_BODY_BYTES;
        if (refusal == null && request.getContentLengthLong() > maxBytes) {
            code = ProblemCode.PAYLOAD_TOO_LARGE;
            refusal = "request body exceeds " + maxBytes + " bytes";
        }
        if (refusal == null && request.getRequestURI().indexOf(';') >= 0) {
            code = ProblemCode.BAD_REQUEST;
            refusal = "path parameters (;name=value) are not supported";
        }
        if (refusal == null) {
            try {
                request.getParameterMap();
            } catch (RuntimeException undecodable) {
                code = ProblemCode.BAD_REQUEST;
                refusal = "the query string cannot be decoded";
            }
        }
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Problems.body(code, refusal, request.getRequestURI(), List.of()));
    }
}
